/*
 * test_render.c — the renderers of the table model (csv, json, md, html,
 * xlsx) on one table with every cell kind, a group of two columns, a Total
 * row and notes, plus a table of hostile values (markup, formulas, quotes,
 * control bytes, invalid UTF-8).
 *
 * Expected outputs were written from the rules of each format
 * (docs/output-formats.md) and the fixture values:
 *   - display (csv, md, html): 0.606 PERCENT 1 decimal -> "60,6 %",
 *     0.55 -> "55,0 %", 1234.5 with 2 decimals -> "1234,50",
 *     3.14159 -> "3,14", 1237.64159 -> "1237,64", pair 14/2 -> "14 (2)",
 *     SIGNED 1 -> "+1", SIGNED -2 -> "-2".
 *   - JSON reals with every digit, from Python:
 *       '%.17g' % 0.606      == '0.60599999999999998'
 *       '%.17g' % 0.55       == '0.55000000000000004'
 *       '%.17g' % 3.14159    == '3.1415899999999999'
 *       '%.17g' % 1237.64159 == '1237.64159'
 *     and 7.0 as "7.0" (jansson keeps a real recognisable as one).
 *   - xlsx: the workbook is unzipped (`unzip -p`) and its XML searched.
 */
#include "test_helpers.h"

#include <jansson.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static eml_status buf_write(void *ctx, const char *data, size_t len) {
  return eml_buf_append(ctx, data, len);
}

/* Bilan table: every cell kind, a group of two columns, a Total row, notes. */
static eml_table *fixture_bilan(void) {
  eml_table *t = eml_table_new("bilan_irm", "Bilan IRM — Île-de-France");
  eml_table_set_subtitle(t, "Au 1er janvier 2026");
  eml_table_add_column(t, NULL, "Territoire", "territory");
  eml_table_add_column(t, "Appareils", "Autorisés", "devices_authorised");
  eml_table_add_column(t, "Appareils", "Borne haute", "devices_high");
  eml_table_add_column(t, NULL, "Écart", "gap");
  eml_table_add_column(t, NULL, "Taux d'occupation", "occupancy");
  eml_table_add_column(t, NULL, "Heures", "hours");
  size_t r;
  eml_table_add_row(t, &r);
  eml_table_set_text(t, r, 0, "Paris");
  eml_table_set_int(t, r, 1, 12, 0);
  eml_table_set_pair(t, r, 2, 14, 1, 2, 0);
  eml_table_set_int(t, r, 3, -2, EML_CELL_SIGNED);
  eml_table_set_real(t, r, 4, 0.606, 1, EML_CELL_PERCENT);
  eml_table_set_real(t, r, 5, 1234.5, 2, 0);
  eml_table_add_row(t, &r);
  eml_table_set_text(t, r, 0, "Hauts-de-Seine; Sud");
  eml_table_set_int(t, r, 1, 5, 0);
  eml_table_set_pair(t, r, 2, 6, 0, 0, 0);
  eml_table_set_int(t, r, 3, 1, EML_CELL_SIGNED);
  eml_table_set_real(t, r, 5, 3.14159, 2, 0);
  eml_table_add_row(t, &r);
  eml_table_set_row_flags(t, r, EML_CELL_STRONG);
  eml_table_set_text(t, r, 0, "Total");
  eml_table_set_int(t, r, 1, 17, 0);
  eml_table_set_pair(t, r, 2, 20, 1, 2, 0);
  eml_table_set_int(t, r, 3, -1, EML_CELL_SIGNED);
  eml_table_set_real(t, r, 4, 0.55, 1, EML_CELL_PERCENT);
  eml_table_set_real(t, r, 5, 1237.64159, 2, 0);
  eml_table_add_note(t, "Source : ARS Île-de-France.");
  eml_table_add_note(t, "Écart = autorisés - borne haute.");
  return t;
}

/* A second, plain table: no group, no subtitle, no note. */
static eml_table *fixture_delays(void) {
  eml_table *t = eml_table_new("delais", "Délais");
  eml_table_add_column(t, NULL, "Médiane (jours)", "median_days");
  size_t r;
  eml_table_add_row(t, &r);
  eml_table_set_real(t, r, 0, 7.0, 1, 0);
  return t;
}

/* Hostile values: markup, formulas, separators, control bytes, bad UTF-8. */
static eml_table *fixture_evil(void) {
  eml_table *t = eml_table_new("evil", "<script>alert('x')</script> & \"co\"");
  eml_table_add_column(t, NULL, "Nom|pipe", "a\"b");
  eml_table_add_column(t, NULL, "Valeur", "value");
  size_t r;
  eml_table_add_row(t, &r);
  eml_table_set_text(t, r, 0, "=cmd()");
  eml_table_set_int(t, r, 1, -2, 0);
  eml_table_add_row(t, &r);
  eml_table_set_text(t, r, 0, "-2");
  eml_table_set_text(t, r, 1, "@SUM(A1)");
  eml_table_add_row(t, &r);
  eml_table_set_text(t, r, 0, "ligne 1\nligne \"2\"");
  eml_table_set_text(t, r, 1, "\tx\x01y\xff");
  eml_table_add_note(t, "+33 1 23 | a < b");
  return t;
}

/* Renders tables in a format into a fresh buffer (caller frees). */
static char *render(eml_format format, eml_table *const *tables, size_t count) {
  eml_buf out;
  eml_buf_init(&out, 1 << 20);
  assert_int_equal(eml_render_tables(format, tables, count, buf_write, &out), EML_OK);
  return eml_buf_take(&out);
}

typedef eml_table *(*fixture_fn)(void);

static void assert_renders(eml_format format, const fixture_fn *make, size_t count,
                           const char *expected) {
  eml_table *tables[3];
  for (size_t i = 0; i < count; i++)
    tables[i] = make[i]();
  char *got = render(format, tables, count);
  assert_string_equal(got, expected);
  free(got);
  for (size_t i = 0; i < count; i++)
    eml_table_free(tables[i]);
}

static const fixture_fn report[] = {fixture_bilan, fixture_delays};
static const fixture_fn hostile[] = {fixture_evil};

static void csv_document(void **state) {
  (void)state;
  assert_renders(EML_FORMAT_CSV, report, 2,
    "\xEF\xBB\xBF" "Bilan IRM — Île-de-France\r\n"
    "Au 1er janvier 2026\r\n"
    "Territoire;Appareils - Autorisés;Appareils - Borne haute;Écart;Taux d'occupation;Heures\r\n"
    "Paris;12;14 (2);-2;60,6 %;1234,50\r\n"
    "\"Hauts-de-Seine; Sud\";5;6;+1;;3,14\r\n"
    "Total;17;20 (2);-1;55,0 %;1237,64\r\n"
    "Source : ARS Île-de-France.\r\n"
    "Écart = autorisés - borne haute.\r\n"
    "\r\n"
    "Délais\r\n"
    "Médiane (jours)\r\n"
    "7,0\r\n");
}

static void json_document(void **state) {
  (void)state;
  assert_renders(EML_FORMAT_JSON, report, 2,
    "{\n"
    "  \"tables\": [\n"
    "    {\n"
    "      \"id\": \"bilan_irm\",\n"
    "      \"title\": \"Bilan IRM — Île-de-France\",\n"
    "      \"subtitle\": \"Au 1er janvier 2026\",\n"
    "      \"columns\": [\n"
    "        {\n"
    "          \"key\": \"territory\",\n"
    "          \"name\": \"Territoire\",\n"
    "          \"group\": null\n"
    "        },\n"
    "        {\n"
    "          \"key\": \"devices_authorised\",\n"
    "          \"name\": \"Autorisés\",\n"
    "          \"group\": \"Appareils\"\n"
    "        },\n"
    "        {\n"
    "          \"key\": \"devices_high\",\n"
    "          \"name\": \"Borne haute\",\n"
    "          \"group\": \"Appareils\"\n"
    "        },\n"
    "        {\n"
    "          \"key\": \"gap\",\n"
    "          \"name\": \"Écart\",\n"
    "          \"group\": null\n"
    "        },\n"
    "        {\n"
    "          \"key\": \"occupancy\",\n"
    "          \"name\": \"Taux d'occupation\",\n"
    "          \"group\": null\n"
    "        },\n"
    "        {\n"
    "          \"key\": \"hours\",\n"
    "          \"name\": \"Heures\",\n"
    "          \"group\": null\n"
    "        }\n"
    "      ],\n"
    "      \"rows\": [\n"
    "        {\n"
    "          \"territory\": \"Paris\",\n"
    "          \"devices_authorised\": 12,\n"
    "          \"devices_high\": {\n"
    "            \"value\": 14,\n"
    "            \"interventional\": 2\n"
    "          },\n"
    "          \"gap\": -2,\n"
    "          \"occupancy\": 0.60599999999999998,\n"
    "          \"hours\": 1234.5\n"
    "        },\n"
    "        {\n"
    "          \"territory\": \"Hauts-de-Seine; Sud\",\n"
    "          \"devices_authorised\": 5,\n"
    "          \"devices_high\": {\n"
    "            \"value\": 6\n"
    "          },\n"
    "          \"gap\": 1,\n"
    "          \"occupancy\": null,\n"
    "          \"hours\": 3.1415899999999999\n"
    "        },\n"
    "        {\n"
    "          \"territory\": \"Total\",\n"
    "          \"devices_authorised\": 17,\n"
    "          \"devices_high\": {\n"
    "            \"value\": 20,\n"
    "            \"interventional\": 2\n"
    "          },\n"
    "          \"gap\": -1,\n"
    "          \"occupancy\": 0.55000000000000004,\n"
    "          \"hours\": 1237.64159\n"
    "        }\n"
    "      ],\n"
    "      \"notes\": [\n"
    "        \"Source : ARS Île-de-France.\",\n"
    "        \"Écart = autorisés - borne haute.\"\n"
    "      ]\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"delais\",\n"
    "      \"title\": \"Délais\",\n"
    "      \"subtitle\": null,\n"
    "      \"columns\": [\n"
    "        {\n"
    "          \"key\": \"median_days\",\n"
    "          \"name\": \"Médiane (jours)\",\n"
    "          \"group\": null\n"
    "        }\n"
    "      ],\n"
    "      \"rows\": [\n"
    "        {\n"
    "          \"median_days\": 7.0\n"
    "        }\n"
    "      ],\n"
    "      \"notes\": []\n"
    "    }\n"
    "  ]\n"
    "}\n");
}

/* The JSON parses back (jansson) to the very values of the table. */
static void json_round_trip(void **state) {
  (void)state;
  eml_table *t = fixture_bilan();
  char *doc = render(EML_FORMAT_JSON, &t, 1);
  json_error_t error;
  json_t *root = json_loads(doc, 0, &error);
  assert_non_null(root);
  json_t *table = json_array_get(json_object_get(root, "tables"), 0);
  assert_string_equal(json_string_value(json_object_get(table, "title")),
                      "Bilan IRM — Île-de-France");
  json_t *rows = json_object_get(table, "rows");
  assert_int_equal(json_array_size(rows), 3);
  json_t *paris = json_array_get(rows, 0);
  assert_true(json_real_value(json_object_get(paris, "occupancy")) == 0.606);
  assert_true(json_real_value(json_object_get(paris, "hours")) == 1234.5);
  assert_int_equal(json_integer_value(json_object_get(paris, "gap")), -2);
  json_t *pair = json_object_get(paris, "devices_high");
  assert_int_equal(json_integer_value(json_object_get(pair, "value")), 14);
  assert_int_equal(json_integer_value(json_object_get(pair, "interventional")), 2);
  json_t *south = json_array_get(rows, 1);
  assert_null(json_object_get(json_object_get(south, "devices_high"), "interventional"));
  assert_true(json_is_null(json_object_get(south, "occupancy")));
  assert_true(json_real_value(json_object_get(south, "hours")) == 3.14159);
  json_decref(root);
  free(doc);
  eml_table_free(t);
}

/* A key repeated in one table is made unique, so no value is lost. */
static void json_repeated_keys(void **state) {
  (void)state;
  eml_table *t = eml_table_new("k", "K");
  eml_table_add_column(t, NULL, "A", "n");
  eml_table_add_column(t, NULL, "B", "n");
  eml_table_add_column(t, NULL, "C", "n_2");
  eml_table_add_row(t, NULL);
  eml_table_set_int(t, 0, 0, 1, 0);
  eml_table_set_int(t, 0, 1, 2, 0);
  eml_table_set_int(t, 0, 2, 3, 0);
  char *doc = render(EML_FORMAT_JSON, &t, 1);
  json_t *root = json_loads(doc, 0, NULL);
  json_t *table = json_array_get(json_object_get(root, "tables"), 0);
  json_t *columns = json_object_get(table, "columns");
  /* "n"; then "n" is taken -> "n_2"; then "n_2" is taken -> "n_2_2" */
  assert_string_equal(json_string_value(json_object_get(json_array_get(columns, 1), "key")),
                      "n_2");
  assert_string_equal(json_string_value(json_object_get(json_array_get(columns, 2), "key")),
                      "n_2_2");
  json_t *row = json_array_get(json_object_get(table, "rows"), 0);
  assert_int_equal(json_integer_value(json_object_get(row, "n")), 1);
  assert_int_equal(json_integer_value(json_object_get(row, "n_2")), 2);
  assert_int_equal(json_integer_value(json_object_get(row, "n_2_2")), 3);
  json_decref(root);
  free(doc);
  eml_table_free(t);
}

static void md_document(void **state) {
  (void)state;
  assert_renders(EML_FORMAT_MD, report, 2,
    "### Bilan IRM — Île-de-France\n"
    "\n"
    "Au 1er janvier 2026\n"
    "\n"
    "| Territoire | Appareils — Autorisés | Appareils — Borne haute | Écart | Taux d'occupation | Heures |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: |\n"
    "| Paris | 12 | 14 (2) | -2 | 60,6 % | 1234,50 |\n"
    "| Hauts-de-Seine; Sud | 5 | 6 | +1 |  | 3,14 |\n"
    "| **Total** | **17** | **20 (2)** | **-1** | **55,0 %** | **1237,64** |\n"
    "\n"
    "Source : ARS Île-de-France.\n"
    "\n"
    "Écart = autorisés - borne haute.\n"
    "\n"
    "### Délais\n"
    "\n"
    "| Médiane (jours) |\n"
    "| ---: |\n"
    "| 7,0 |\n");
}

#define HTML_STYLE \
    "<style>\n" \
    "body{font-family:sans-serif;margin:1.5em;color:#222}\n" \
    "table{border-collapse:collapse;margin:1.5em 0 .5em}\n" \
    "caption{font-weight:bold;text-align:left;padding-bottom:.4em}\n" \
    "caption .subtitle{display:block;font-weight:normal}\n" \
    "th,td{border:1px solid #bbb;padding:.2em .6em}\n" \
    "th{background:#eee}\n" \
    ".num{text-align:right;white-space:nowrap}\n" \
    "tr.total td{border-top:2px solid #555}\n" \
    "p.note{margin:.3em 0;font-size:.9em}\n" \
    "</style>\n" \
    "</head>\n" \
    "<body>\n"

static void html_document(void **state) {
  (void)state;
  assert_renders(EML_FORMAT_HTML, report, 2,
    "<!DOCTYPE html>\n"
    "<html lang=\"fr\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<title>Bilan IRM — Île-de-France</title>\n"
    HTML_STYLE
    "<table>\n"
    "<caption>Bilan IRM — Île-de-France<span class=\"subtitle\">Au 1er janvier 2026</span></caption>\n"
    "<thead>\n"
    "<tr><th scope=\"col\" rowspan=\"2\">Territoire</th><th scope=\"colgroup\" colspan=\"2\">Appareils</th><th scope=\"col\" rowspan=\"2\" class=\"num\">Écart</th><th scope=\"col\" rowspan=\"2\" class=\"num\">Taux d&#39;occupation</th><th scope=\"col\" rowspan=\"2\" class=\"num\">Heures</th></tr>\n"
    "<tr><th scope=\"col\" class=\"num\">Autorisés</th><th scope=\"col\" class=\"num\">Borne haute</th></tr>\n"
    "</thead>\n"
    "<tbody>\n"
    "<tr><td>Paris</td><td class=\"num\">12</td><td class=\"num\">14 (2)</td><td class=\"num\">-2</td><td class=\"num\">60,6 %</td><td class=\"num\">1234,50</td></tr>\n"
    "<tr><td>Hauts-de-Seine; Sud</td><td class=\"num\">5</td><td class=\"num\">6</td><td class=\"num\">+1</td><td></td><td class=\"num\">3,14</td></tr>\n"
    "<tr class=\"total\"><td><strong>Total</strong></td><td class=\"num\"><strong>17</strong></td><td class=\"num\"><strong>20 (2)</strong></td><td class=\"num\"><strong>-1</strong></td><td class=\"num\"><strong>55,0 %</strong></td><td class=\"num\"><strong>1237,64</strong></td></tr>\n"
    "</tbody>\n"
    "</table>\n"
    "<p class=\"note\">Source : ARS Île-de-France.</p>\n"
    "<p class=\"note\">Écart = autorisés - borne haute.</p>\n"
    "<table>\n"
    "<caption>Délais</caption>\n"
    "<thead>\n"
    "<tr><th scope=\"col\" class=\"num\">Médiane (jours)</th></tr>\n"
    "</thead>\n"
    "<tbody>\n"
    "<tr><td class=\"num\">7,0</td></tr>\n"
    "</tbody>\n"
    "</table>\n"
    "</body>\n"
    "</html>\n");
}

/* Formulas get a "'" in CSV (text only: the INT -2 stays a number), a value
 * with '"' or a line break is quoted, quotes doubled; bad UTF-8 -> U+FFFD. */
static void csv_escaping(void **state) {
  (void)state;
  assert_renders(EML_FORMAT_CSV, hostile, 1,
    "\xEF\xBB\xBF\"<script>alert('x')</script> & \"\"co\"\"\"\r\n"
    "Nom|pipe;Valeur\r\n"
    "'=cmd();-2\r\n"
    "'-2;'@SUM(A1)\r\n"
    "\"ligne 1\n"
    "ligne \"\"2\"\"\";'\tx\x01y\xEF\xBF\xBD\r\n"
    "'+33 1 23 | a < b\r\n");
}

/* JSON escapes quotes and control characters; the strings parse back. */
static void json_escaping(void **state) {
  (void)state;
  assert_renders(EML_FORMAT_JSON, hostile, 1,
    "{\n"
    "  \"tables\": [\n"
    "    {\n"
    "      \"id\": \"evil\",\n"
    "      \"title\": \"<script>alert('x')</script> & \\\"co\\\"\",\n"
    "      \"subtitle\": null,\n"
    "      \"columns\": [\n"
    "        {\n"
    "          \"key\": \"a\\\"b\",\n"
    "          \"name\": \"Nom|pipe\",\n"
    "          \"group\": null\n"
    "        },\n"
    "        {\n"
    "          \"key\": \"value\",\n"
    "          \"name\": \"Valeur\",\n"
    "          \"group\": null\n"
    "        }\n"
    "      ],\n"
    "      \"rows\": [\n"
    "        {\n"
    "          \"a\\\"b\": \"=cmd()\",\n"
    "          \"value\": -2\n"
    "        },\n"
    "        {\n"
    "          \"a\\\"b\": \"-2\",\n"
    "          \"value\": \"@SUM(A1)\"\n"
    "        },\n"
    "        {\n"
    "          \"a\\\"b\": \"ligne 1\\nligne \\\"2\\\"\",\n"
    "          \"value\": \"\\tx\\u0001y\xEF\xBF\xBD\"\n"
    "        }\n"
    "      ],\n"
    "      \"notes\": [\n"
    "        \"+33 1 23 | a < b\"\n"
    "      ]\n"
    "    }\n"
    "  ]\n"
    "}\n");
  eml_table *t = fixture_evil();
  char *doc = render(EML_FORMAT_JSON, &t, 1);
  json_t *root = json_loads(doc, 0, NULL);
  json_t *table = json_array_get(json_object_get(root, "tables"), 0);
  json_t *row = json_array_get(json_object_get(table, "rows"), 2);
  assert_string_equal(json_string_value(json_object_get(row, "a\"b")), "ligne 1\nligne \"2\"");
  assert_string_equal(json_string_value(json_object_get(row, "value")), "\tx\x01y\xEF\xBF\xBD");
  json_decref(root);
  free(doc);
  eml_table_free(t);
}

/* Markdown keeps no markup: & < > as entities (a viewer that lets raw HTML
 * through, as GFM does, shows `<script>` as text), '|' escaped, line breaks
 * made spaces, control bytes as U+FFFD; formulas are harmless in Markdown. */
static void md_escaping(void **state) {
  (void)state;
  assert_renders(EML_FORMAT_MD, hostile, 1,
    "### &lt;script&gt;alert('x')&lt;/script&gt; &amp; \"co\"\n"
    "\n"
    "| Nom\\|pipe | Valeur |\n"
    "| --- | --- |\n"
    "| =cmd() | -2 |\n"
    "| -2 | @SUM(A1) |\n"
    "| ligne 1 ligne \"2\" | \tx\xEF\xBF\xBDy\xEF\xBF\xBD |\n"
    "\n"
    "+33 1 23 \\| a &lt; b\n");
}

/* Markdown's own syntax in values: a backslash before a '|' cannot undo its
 * escaping (the cell would end), a backquote cannot open a code span, a
 * bracket cannot open a link (javascript:), an escape byte cannot reach the
 * terminal of `cat report.md`. */
static eml_table *fixture_md_syntax(void) {
  eml_table *t = eml_table_new("md", "Syntaxe");
  eml_table_add_column(t, NULL, "Valeur", "value");
  static const char *const values[] = {"a\\|b", "`code|`", "[clic](javascript:alert(1))",
                                       "\x1B[2J<img src=x onerror=alert(1)>"};
  for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
    size_t r;
    eml_table_add_row(t, &r);
    eml_table_set_text(t, r, 0, values[i]);
  }
  return t;
}

/* The text renderer (the terminal) shows control characters of values as
 * U+FFFD: no ESC (a value "\x1B[2J" would clear the screen), no C1 CSI
 * (U+009B), no other C0 byte; the rest of the value is shown. */
static void text_controls(void **state) {
  (void)state;
  static const fixture_fn tables[] = {fixture_evil, fixture_md_syntax};
  eml_table *t[2] = {tables[0](), tables[1]()};
  eml_table_set_text(t[1], 0, 0, "x\xC2\x9B" "31m\x7F");
  char *got = render(EML_FORMAT_TEXT, t, 2);
  for (const unsigned char *p = (const unsigned char *)got; *p; p++)
    if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7F || (p[0] == 0xC2 && p[1] == 0x9B))
      fail_msg("control byte 0x%02X left at offset %ld", *p, (long)(p - (const unsigned char *)got));
  assert_non_null(strstr(got, "\xEF\xBF\xBD[2J<img src=x onerror=alert(1)>")); /* ESC shown */
  assert_non_null(strstr(got, "x\xEF\xBF\xBD" "31m\xEF\xBF\xBD"));             /* CSI, DEL */
  assert_non_null(strstr(got, "x\xEF\xBF\xBDy"));                               /* \x01 */
  free(got);
  eml_table_free(t[0]);
  eml_table_free(t[1]);
}

static void md_syntax_escaping(void **state) {
  (void)state;
  static const fixture_fn syntax[] = {fixture_md_syntax};
  assert_renders(EML_FORMAT_MD, syntax, 1,
    "### Syntaxe\n"
    "\n"
    "| Valeur |\n"
    "| --- |\n"
    "| a\\\\\\|b |\n"
    "| \\`code\\|\\` |\n"
    "| \\[clic\\](javascript:alert(1)) |\n"
    "| \xEF\xBF\xBD\\[2J&lt;img src=x onerror=alert(1)&gt; |\n");
}

/* Markup is inert: & < > " ' as entities, control bytes as U+FFFD. */
static void html_escaping(void **state) {
  (void)state;
  assert_renders(EML_FORMAT_HTML, hostile, 1,
    "<!DOCTYPE html>\n"
    "<html lang=\"fr\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<title>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;</title>\n"
    HTML_STYLE
    "<table>\n"
    "<caption>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;</caption>\n"
    "<thead>\n"
    "<tr><th scope=\"col\">Nom|pipe</th><th scope=\"col\">Valeur</th></tr>\n"
    "</thead>\n"
    "<tbody>\n"
    "<tr><td>=cmd()</td><td class=\"num\">-2</td></tr>\n"
    "<tr><td>-2</td><td>@SUM(A1)</td></tr>\n"
    "<tr><td>ligne 1\n"
    "ligne &quot;2&quot;</td><td>\tx\xEF\xBF\xBDy\xEF\xBF\xBD</td></tr>\n"
    "</tbody>\n"
    "</table>\n"
    "<p class=\"note\">+33 1 23 | a &lt; b</p>\n"
    "</body>\n"
    "</html>\n");
}

/* A temporary directory for workbooks, removed by temp_dir_remove. */
static void temp_dir_make(char *dir, size_t size) {
  snprintf(dir, size, "/tmp/eml_test_render_XXXXXX");
  assert_non_null(mkdtemp(dir));
}

static void temp_dir_remove(const char *dir, const char *file) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  unlink(path);
  rmdir(dir);
}

/* Set when a check could not run (no unzip): the test then exits 77, which
 * CTest shows as skipped, instead of passing without the check. */
static int checks_skipped;

static int have_unzip(void) {
  int found = system("command -v unzip >/dev/null 2>&1") == 0;
  checks_skipped |= !found;
  return found;
}

/* The text of one member of a zip file (caller frees), by `unzip -p`. */
static char *zip_member(const char *zip, const char *member) {
  char command[512];
  snprintf(command, sizeof command, "unzip -p '%s' '%s'", zip, member);
  FILE *p = popen(command, "r");
  assert_non_null(p);
  eml_buf out;
  eml_buf_init(&out, 1 << 20);
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
    assert_int_equal(eml_buf_append(&out, chunk, n), EML_OK);
  assert_int_equal(pclose(p), 0);
  CHECK_OK(eml_buf_append(&out, "", 0));
  return eml_buf_take(&out);
}

static void assert_contains(const char *haystack, const char *needle) {
  if (!strstr(haystack, needle))
    fail_msg("'%s' not found in:\n%s", needle, haystack);
}

static void xlsx_workbook(void **state) {
  (void)state;
  char dir[64], path[128];
  temp_dir_make(dir, sizeof dir);
  snprintf(path, sizeof path, "%s/bilan.xlsx", dir);
  eml_table *tables[] = {fixture_bilan(), fixture_delays(), fixture_evil()};
  eml_diag diag;
  eml_diag_clear(&diag);
  assert_int_equal(eml_render_xlsx_file(tables, 3, path, &diag), EML_OK);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  char magic[2] = {0};
  assert_int_equal(fread(magic, 1, 2, f), 2);
  fclose(f);
  assert_memory_equal(magic, "PK", 2);
  if (!have_unzip()) {
    print_message("unzip not found: the workbook's content is not checked\n");
  } else {
    char *strings = zip_member(path, "xl/sharedStrings.xml");
    assert_contains(strings, "<t>Bilan IRM — Île-de-France</t>");
    assert_contains(strings, "<t>Délais</t>");
    assert_contains(strings, "<t>Appareils</t>");           /* group row */
    assert_contains(strings, "<t>14 (2)</t>");              /* pair with a second member */
    assert_contains(strings, "<t>Source : ARS Île-de-France.</t>"); /* note */
    assert_contains(strings, "<t>=cmd()</t>"); /* a formula-looking text stays a string */
    free(strings);
    char *sheet = zip_member(path, "xl/worksheets/sheet1.xml");
    /* row 1 title, 2 subtitle, 3-4 headers, 5-7 data: numbers as <v> values */
    assert_contains(sheet, "<c r=\"B5\" s=\"4\"><v>12</v></c>");
    assert_contains(sheet, "<v>-2</v>");
    assert_contains(sheet, "<v>0.606</v>"); /* the fraction, shown by "0.0%" */
    assert_contains(sheet, "<v>1234.5</v>");
    assert_contains(sheet, "<c r=\"C6\" s=\"4\"><v>6</v></c>"); /* pair without second member */
    assert_contains(sheet, "<v>1237.64159</v>");
    assert_contains(sheet, "<mergeCell ref=\"B3:C3\"/>");     /* "Appareils" over 2 columns */
    assert_contains(sheet, "<mergeCell ref=\"A3:A4\"/>");     /* ungrouped name over 2 rows */
    assert_true(strstr(sheet, "<f>") == NULL);                 /* no formula anywhere */
    free(sheet);
    char *styles = zip_member(path, "xl/styles.xml");
    assert_contains(styles, "formatCode=\"0.0%\"");
    assert_contains(styles, "formatCode=\"0.00\"");
    assert_contains(styles, "formatCode=\"+0;-0;0\"");
    free(styles);
    char *evil = zip_member(path, "xl/worksheets/sheet3.xml");
    assert_true(strstr(evil, "<f>") == NULL);
    free(evil);
  }
  for (size_t i = 0; i < 3; i++)
    eml_table_free(tables[i]);
  temp_dir_remove(dir, "bilan.xlsx");
}

/* Sheet names: forbidden characters, 31 characters at most, unique without
 * regard to case, no apostrophe at either end. */
static void xlsx_sheet_names(void **state) {
  (void)state;
  static const char *ids[] = {
      "a/b:c*d?[e]\\f", "Bilan", "BILAN",
      "abcdefghijklmnopqrstuvwxyz0123456789ABCD", "abcdefghijklmnopqrstuvwxyz0123456789ABCD",
      "'quoted'",
      "éééééééééééééééééééééééééééééééééééééééé", /* 40 characters */
      ""};
  enum { N = sizeof ids / sizeof ids[0] };
  static const char *expected[N] = {
      "a_b_c_d__e__f", "Bilan", "BILAN (2)",
      "abcdefghijklmnopqrstuvwxyz01234", /* 31 characters */
      "abcdefghijklmnopqrstuvwxyz0 (2)", /* 27 + " (2)" */
      "_quoted_",
      "ééééééééééééééééééééééééééééééé", /* 31 characters */
      "Feuille"};
  eml_table *tables[N];
  for (size_t i = 0; i < N; i++)
    tables[i] = eml_table_new(ids[i], "T");
  char dir[64], path[128];
  temp_dir_make(dir, sizeof dir);
  snprintf(path, sizeof path, "%s/names.xlsx", dir);
  eml_diag diag;
  eml_diag_clear(&diag);
  assert_int_equal(eml_render_xlsx_file(tables, N, path, &diag), EML_OK);
  if (!have_unzip()) {
    print_message("unzip not found: the sheet names are not checked\n");
  } else {
    char *book = zip_member(path, "xl/workbook.xml");
    for (size_t i = 0; i < N; i++) {
      char sheet[256];
      snprintf(sheet, sizeof sheet, "<sheet name=\"%s\" sheetId=\"%zu\"", expected[i], i + 1);
      assert_contains(book, sheet);
    }
    free(book);
  }
  for (size_t i = 0; i < N; i++)
    eml_table_free(tables[i]);
  temp_dir_remove(dir, "names.xlsx");
}

/* A workbook that cannot be written is a diag naming the file, and no
 * file is left behind. */
static void xlsx_errors(void **state) {
  (void)state;
  eml_table *t = fixture_delays();
  const char *path = "/nonexistent-eml-dir/out.xlsx";
  eml_diag diag;
  eml_diag_clear(&diag);
  assert_int_equal(eml_render_xlsx_file(&t, 1, path, &diag), EML_ERR_IO);
  assert_string_equal(diag.file, path);
  assert_string_equal(diag.message, "création du classeur impossible : fichier ou répertoire introuvable");
  assert_int_equal(eml_render_xlsx_file(&t, 0, path, &diag), EML_ERR_EMPTY);
  /* a note longer than Excel's 32767 characters a cell: libxlsxwriter's error */
  char dir[64], ok_path[128];
  temp_dir_make(dir, sizeof dir);
  snprintf(ok_path, sizeof ok_path, "%s/long.xlsx", dir);
  static char long_note[40000];
  memset(long_note, 'x', sizeof long_note - 1);
  eml_table_add_note(t, long_note);
  eml_diag_clear(&diag);
  assert_int_equal(eml_render_xlsx_file(&t, 1, ok_path, &diag), EML_ERR_IO);
  assert_string_equal(diag.file, ok_path);
  assert_non_null(strstr(diag.message, "feuille « delais » : "));
  assert_int_equal(access(ok_path, F_OK), -1);
  temp_dir_remove(dir, "long.xlsx");
  eml_table_free(t);
}

static void format_names(void **state) {
  (void)state;
  static const struct {
    const char *name;
    eml_format format;
  } cases[] = {{"text", EML_FORMAT_TEXT}, {"csv", EML_FORMAT_CSV},   {"JSON", EML_FORMAT_JSON},
               {"md", EML_FORMAT_MD},     {"html", EML_FORMAT_HTML}, {"xlsx", EML_FORMAT_XLSX}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    eml_format f = EML_FORMAT_TEXT;
    assert_int_equal(eml_format_parse(cases[i].name, &f), EML_OK);
    assert_int_equal(f, cases[i].format);
  }
  eml_format f;
  assert_int_equal(eml_format_parse("pdf", &f), EML_ERR_VALUE);
  assert_string_equal(eml_format_name(EML_FORMAT_MD), "md");
  /* xlsx needs a file */
  eml_table *t = fixture_delays();
  eml_buf out;
  eml_buf_init(&out, 1024);
  assert_int_equal(eml_render_tables(EML_FORMAT_XLSX, &t, 1, buf_write, &out), EML_ERR_USAGE);
  eml_buf_free(&out);
  eml_table_free(t);
}

/* A failing write stops every renderer with the writer's status. */
static void write_failure(void **state) {
  (void)state;
  eml_table *t = fixture_bilan();
  for (eml_format f = EML_FORMAT_TEXT; f <= EML_FORMAT_HTML; f++) {
    eml_buf small;
    eml_buf_init(&small, 100); /* the output is longer: the cap fails */
    assert_int_equal(eml_render_tables(f, &t, 1, buf_write, &small), EML_ERR_TOO_LARGE);
    eml_buf_free(&small);
  }
  eml_table_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(csv_document),     cmocka_unit_test(json_document),
      cmocka_unit_test(json_round_trip),  cmocka_unit_test(json_repeated_keys),
      cmocka_unit_test(md_document),      cmocka_unit_test(html_document),
      cmocka_unit_test(csv_escaping),     cmocka_unit_test(json_escaping),
      cmocka_unit_test(md_escaping),      cmocka_unit_test(md_syntax_escaping),
      cmocka_unit_test(text_controls),
      cmocka_unit_test(html_escaping),
      cmocka_unit_test(xlsx_workbook),    cmocka_unit_test(xlsx_sheet_names),
      cmocka_unit_test(xlsx_errors)    ,  cmocka_unit_test(format_names),
      cmocka_unit_test(write_failure)};
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  if (!failed && checks_skipped) {
    printf("SKIP: some checks need unzip (apt-get install unzip)\n");
    return 77;
  }
  return failed;
}

