/*
 * test_robust_import.c — "nothing lost" property of the five importers
 * (issue 7): files generated from a fixed-seed random generator, each row
 * either good or carrying one injected fault, imported with a rejects
 * file. For every file:
 *   read = loaded + rejected, loaded = the good rows generated, rejected =
 *   the bad ones;
 *   the rejects file is the header plus `eml_reason`, then every bad row
 *   byte for byte as generated (quotes, CRLF, NUL and invalid UTF-8 bytes
 *   included) followed by its quoted reason, in file order;
 *   every good row is in the store with its values unquoted (names with
 *   quotes, commas, line breaks and accents), nothing else is, and the
 *   audit log has one insert per loaded row.
 * Good rows carry SQL-injection text (`'; DROP TABLE site; --` ...) in a
 * text field of every importer: they must be stored verbatim, and the
 * tables must still be there (statements bind their values).
 *
 * The expected outcome of each row is known by construction (the
 * generator decides good or which fault), not computed by eml.
 */
#include "test_helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define ROWS_PER_FILE 150
#define SEEDS 4

/* Text that must reach the store unchanged. */
static const char *const hostile[] = {
    "'; DROP TABLE site; --",
    "Robert'); DROP TABLE equipment;--",
    "\" OR \"1\"=\"1",
    "x' UNION SELECT * FROM audit --",
    "<script>alert(1)</script>",
    "=HYPERLINK(\"http://evil\")",
    "Hôpital Saint-Émile, Paris",
    "deux\nlignes",
    "a;b\tc",
};
#define NHOSTILE (sizeof hostile / sizeof hostile[0])

static uint64_t rng_state;
static unsigned rnd(unsigned n) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (unsigned)(rng_state % n);
}

/* Appends value as one CSV field: quoted (quotes doubled) when it holds a
 * comma, quote, CR, LF, ';' or tab, else as is. */
static void put_field(eml_buf *b, const char *value) {
  if (!strpbrk(value, ",\"\r\n;\t")) {
    CHECK_OK(eml_buf_append(b, value, strlen(value)));
    return;
  }
  CHECK_OK(eml_buf_putc(b, '"'));
  for (const char *p = value; *p; p++) {
    if (*p == '"')
      CHECK_OK(eml_buf_putc(b, '"'));
    CHECK_OK(eml_buf_putc(b, *p));
  }
  CHECK_OK(eml_buf_putc(b, '"'));
}

/* FINESS "75" + 6-digit counter + Luhn key (positions 2, 4, 6, 8 doubled). */
static void finess_of(unsigned counter, char out[10], int wrong_key) {
  snprintf(out, 10, "75%06u", counter % 1000000u);
  int sum = 0;
  for (int p = 0; p < 8; p++) {
    int x = out[p] - '0';
    if (p % 2 == 1 && (x *= 2) > 9)
      x -= 9;
    sum += x;
  }
  int key = (10 - sum % 10) % 10;
  out[8] = (char)('0' + (wrong_key ? (key + 1) % 10 : key));
  out[9] = '\0';
}

typedef struct gen_row {
  char *raw; /* the record's bytes, without its line end */
  size_t raw_len;
  int good;
  char *key;   /* good rows: the value to find in the store */
  char *value; /* good rows: the hostile text stored with it */
} gen_row;

typedef struct gen_file {
  eml_import_kind kind;
  const char *header;
  gen_row rows[ROWS_PER_FILE];
  size_t good, bad;
} gen_file;

static char *dup_text(const char *s) {
  char *d = strdup(s);
  assert_non_null(d);
  return d;
}

/* Fields of one row: fields[] joined by ','; returns the raw bytes. */
static void finish_row(gen_row *row, eml_buf *b) {
  row->raw_len = b->len;
  row->raw = eml_buf_take(b);
  if (!row->raw)
    row->raw = dup_text("");
}

/* One generator per kind: writes row i, good or with fault `fault`
 * (-1: good). `prev` is an earlier good row's key for duplicate faults. */
static int gen_site(eml_buf *b, unsigned i, int fault, const char *prev, gen_row *row) {
  char finess[10];
  const char *name = hostile[i % NHOSTILE];
  char named[400];
  snprintf(named, sizeof named, "Site %u %s", i, name);
  finess_of(i + 1, finess, fault == 0);
  if (fault == 5 && prev)
    snprintf(finess, sizeof finess, "%s", prev);
  put_field(b, finess);
  CHECK_OK(eml_buf_putc(b, ','));
  if (fault == 6)
    CHECK_OK(eml_buf_append(b, "Site \xff", 6)); /* invalid UTF-8 */
  else if (fault != 7)
    put_field(b, named);
  CHECK_OK(eml_buf_append(b, ",", 1));
  put_field(b, fault == 2 ? "99" : "75");
  CHECK_OK(eml_buf_putc(b, ','));
  if (fault != 3)
    put_field(b, fault == 1 ? "HOPITAL" : "CH");
  if (fault == 4)
    CHECK_OK(eml_buf_append(b, ",surplus", 8));
  if (fault == 3) /* a field short */
    b->len--, b->data[b->len] = '\0';
  row->key = dup_text(finess);
  row->value = dup_text(named);
  return 8;
}

static int gen_equipment(eml_buf *b, unsigned i, int fault, const char *prev, gen_row *row) {
  static const char *const sites[] = {"750000010", "750000028", "780000014"};
  static const char *const modalities[] = {"CT", "IRM", "scanner", "TEP", "gamma caméra"};
  char id[120];
  snprintf(id, sizeof id, "E%u %s", i, hostile[i % NHOSTILE]);
  if (fault == 5 && prev)
    snprintf(id, sizeof id, "%s", prev);
  put_field(b, id);
  CHECK_OK(eml_buf_putc(b, ','));
  put_field(b, fault == 3 ? "750000036" : sites[i % 3]); /* 750000036: valid key, no such site */
  CHECK_OK(eml_buf_putc(b, ','));
  put_field(b, fault == 2 ? "XRAY" : fault == 4 ? "TEP" : modalities[i % 5]);
  CHECK_OK(eml_buf_putc(b, ','));
  put_field(b, fault == 4 ? "1" : fault == 6 ? "peut-être" : (i % 2 ? "non" : "0"));
  CHECK_OK(eml_buf_putc(b, ','));
  put_field(b, fault == 0 ? "2017-02-29" : (i % 2 ? "2012-03-01" : "01/03/2012"));
  if (fault != 7) {
    CHECK_OK(eml_buf_putc(b, ','));
    put_field(b, fault == 1 ? "2011-12-31" : (i % 3 ? "" : "2030-01-01"));
    CHECK_OK(eml_buf_putc(b, ','));
  }
  row->key = dup_text(id);
  row->value = dup_text(id);
  return 8;
}

static int gen_target(eml_buf *b, unsigned i, int fault, const char *prev, gen_row *row) {
  char period[120];
  snprintf(period, sizeof period, "P%u %s", i, hostile[i % NHOSTILE]);
  if (fault == 5 && prev)
    snprintf(period, sizeof period, "%s", prev);
  put_field(b, period);
  CHECK_OK(eml_buf_putc(b, ','));
  put_field(b, fault == 6 ? "99" : "75");
  CHECK_OK(eml_buf_append(b, ",CT,", 4));
  put_field(b, fault == 2 ? "lits" : fault == 3 ? "sites" : "devices");
  CHECK_OK(eml_buf_putc(b, ','));
  put_field(b, fault == 0 ? "9" : "1");
  CHECK_OK(eml_buf_putc(b, ','));
  put_field(b, fault == 1 ? "-3" : fault == 4 ? "99999999999999999999" : "2");
  CHECK_OK(eml_buf_append(b, fault == 3 ? ",1,1" : ",,", fault == 3 ? 4 : 2));
  row->key = dup_text(period);
  row->value = dup_text(period);
  return 7;
}

static int gen_territory(eml_buf *b, unsigned i, int fault, const char *prev, gen_row *row) {
  char code[32], name[200];
  snprintf(code, sizeof code, "';%u", i); /* at most 7 bytes: ';149 */
  snprintf(name, sizeof name, "Territoire %u %s", i, hostile[i % NHOSTILE]);
  if (fault == 2 && prev)
    snprintf(code, sizeof code, "%s", prev);
  if (fault == 4)
    CHECK_OK(eml_buf_append(b, "T\0X", 3)); /* octet NUL dans un champ */
  else
    put_field(b, fault == 0 ? "" : fault == 1 ? "TOOLONGCODE" : code);
  CHECK_OK(eml_buf_putc(b, ','));
  put_field(b, fault == 3 ? "" : name);
  CHECK_OK(eml_buf_putc(b, ','));
  put_field(b, hostile[(i + 3) % NHOSTILE]);
  row->key = dup_text(code);
  row->value = dup_text(name);
  return 5;
}

static int gen_note(eml_buf *b, unsigned i, int fault, const char *prev, gen_row *row) {
  char text[200];
  snprintf(text, sizeof text, "Note %u %s", i, hostile[i % NHOSTILE]);
  if (fault == 4 && prev)
    snprintf(text, sizeof text, "%s", prev);
  CHECK_OK(eml_buf_append(b, fault == 0 ? "75," : ",", fault == 0 ? 3 : 1));
  put_field(b, fault == 3 ? "XRAY" : "CT");
  CHECK_OK(eml_buf_append(b, ",,", 2));
  put_field(b, fault == 2 ? "peut-être" : "");
  CHECK_OK(eml_buf_append(b, ",*,", 3));
  put_field(b, fault == 1 ? "" : text);
  row->key = dup_text(text);
  row->value = dup_text(text);
  return 5;
}

typedef int (*gen_fn)(eml_buf *b, unsigned i, int fault, const char *prev, gen_row *row);

static const struct {
  eml_import_kind kind;
  const char *header;
  gen_fn gen;
  int faults; /* how many fault kinds gen knows */
} kinds[] = {
    {EML_IMPORT_SITES, "finess,name,territory,legal_status", gen_site, 8},
    {EML_IMPORT_EQUIPMENT,
     "equipment_id,finess,modality,interventional,authorized_from,authorized_until,installed_on",
     gen_equipment, 8},
    {EML_IMPORT_TARGETS, "period,territory,modality,unit,low,high,interventional_low,interventional_high",
     gen_target, 7},
    {EML_IMPORT_TERRITORIES, "code,name,region", gen_territory, 5},
    {EML_IMPORT_NOTES, "territory,modality,unit,receivable,mark,note", gen_note, 5},
};

/* Generates the file; about one row in four is bad. Returns its bytes. */
static char *generate(size_t k, gen_file *f, size_t *len) {
  eml_buf file;
  eml_buf_init(&file, 64u << 20);
  CHECK_OK(eml_buf_printf(&file, "%s\n", kinds[k].header));
  f->kind = kinds[k].kind;
  f->header = kinds[k].header;
  f->good = f->bad = 0;
  const char *prev_good = NULL;
  for (unsigned i = 0; i < ROWS_PER_FILE; i++) {
    eml_buf row;
    eml_buf_init(&row, 1u << 20);
    int fault = rnd(4) == 0 ? (int)rnd((unsigned)kinds[k].faults) : -1;
    gen_row *g = &f->rows[i];
    kinds[k].gen(&row, i, fault, prev_good, g);
    /* a duplicate fault with no earlier good row is a good row */
    int dup_fault = (k == 0 || k == 1 || k == 2) ? 5 : (k == 3 ? 2 : 4);
    g->good = fault < 0 || (fault == dup_fault && !prev_good);
    finish_row(g, &row);
    if (g->good) {
      f->good++;
      prev_good = g->key;
    } else {
      f->bad++;
    }
    CHECK_OK(eml_buf_append(&file, g->raw, g->raw_len));
    CHECK_OK(eml_buf_append(&file, (i % 3 == 0) ? "\r\n" : "\n", (i % 3 == 0) ? 2 : 1));
  }
  *len = file.len;
  return eml_buf_take(&file);
}

static void free_rows(gen_file *f) {
  for (size_t i = 0; i < ROWS_PER_FILE; i++) {
    free(f->rows[i].raw);
    free(f->rows[i].key);
    free(f->rows[i].value);
  }
}

static char *read_all(const char *path, size_t *len) {
  FILE *fp = fopen(path, "rb");
  assert_non_null(fp);
  eml_buf b;
  eml_buf_init(&b, 64u << 20);
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
    CHECK_OK(eml_buf_append(&b, chunk, n));
  fclose(fp);
  *len = b.len;
  char *s = eml_buf_take(&b);
  return s ? s : calloc(1, 1);
}

/* The rejects file: header + ",eml_reason", then each bad row verbatim,
 * ',', its reason quoted (quotes doubled), LF. */
static void check_rejects(const gen_file *f, const char *path) {
  size_t len;
  char *text = read_all(path, &len);
  const char *p = text, *end = text + len;
  char header[256];
  snprintf(header, sizeof header, "%s,eml_reason\n", f->header);
  assert_true(len >= strlen(header));
  assert_memory_equal(p, header, strlen(header));
  p += strlen(header);
  for (size_t i = 0; i < ROWS_PER_FILE; i++) {
    const gen_row *g = &f->rows[i];
    if (g->good)
      continue;
    assert_true((size_t)(end - p) >= g->raw_len + 2);
    if (memcmp(p, g->raw, g->raw_len) != 0)
      fail_msg("row %zu not copied byte for byte to the rejects", i);
    p += g->raw_len;
    assert_memory_equal(p, ",\"", 2);
    p += 2;
    while (p < end && !(p[0] == '"' && (p + 1 == end || p[1] != '"')))
      p += p[0] == '"' ? 2 : 1;
    assert_true(p + 1 < end);
    assert_memory_equal(p, "\"\n", 2);
    p += 2;
  }
  assert_ptr_equal(p, end);
  free(text);
}

static eml_status count_inserts(void *ctx, const eml_audit_entry *e) {
  if (strcmp(e->action, "insert") == 0)
    (*(long *)ctx)++;
  return EML_OK;
}

/* Every good row is in the store with its text verbatim, nothing else. */
static void check_store(eml_store *store, const gen_file *f, size_t preloaded_sites) {
  eml_register reg;
  eml_diag d;
  eml_diag_clear(&d);
  assert_int_equal(eml_store_load_register(store, &reg, &d), EML_OK);
  size_t counts[EML_IMPORT_KIND_COUNT] = {
      reg.nsites - preloaded_sites, reg.nequipment,     reg.ntargets,     reg.nterritories,
      reg.nnotes,                   reg.nauthorisations, reg.ndevices,     reg.nconventions,
      reg.nwindows};
  for (int k = 0; k < EML_IMPORT_KIND_COUNT; k++)
    assert_int_equal(counts[k], k == (int)f->kind ? f->good : 0);
  for (size_t i = 0; i < ROWS_PER_FILE; i++) {
    const gen_row *g = &f->rows[i];
    if (!g->good)
      continue;
    int found = 0;
    for (size_t j = 0; j < reg.nsites && f->kind == EML_IMPORT_SITES; j++)
      found |= !strcmp(reg.sites[j].finess, g->key) && !strcmp(reg.sites[j].name, g->value);
    for (size_t j = 0; j < reg.nequipment; j++)
      found |= !strcmp(reg.equipment[j].id, g->value);
    for (size_t j = 0; j < reg.ntargets; j++)
      found |= !strcmp(reg.targets[j].period, g->value);
    for (size_t j = 0; j < reg.nterritories; j++)
      found |= !strcmp(reg.territories[j].code, g->key) && !strcmp(reg.territories[j].name, g->value);
    for (size_t j = 0; j < reg.nnotes; j++)
      found |= !strcmp(reg.notes[j].text, g->value);
    if (!found)
      fail_msg("good row %zu ('%s') is not in the store", i, g->value);
  }
  eml_register_free(&reg);
  long inserts = 0;
  assert_int_equal(eml_store_each_audit(store, NULL, 0, count_inserts, &inserts, &d), EML_OK);
  assert_int_equal(inserts, (long)f->good);
}

static void nothing_lost(void **state) {
  (void)state;
  char dir[] = "/tmp/eml-robust-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[128], rejects[128];
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    for (unsigned seed = 1; seed <= SEEDS; seed++) {
      rng_state = 0x9E3779B97F4A7C15ull * (seed + 10 * k);
      gen_file f;
      size_t len;
      char *bytes = generate(k, &f, &len);
      snprintf(path, sizeof path, "%s/%s.csv", dir, eml_import_kind_name(f.kind));
      snprintf(rejects, sizeof rejects, "%s/rejects.csv", dir);
      FILE *fp = fopen(path, "wb");
      assert_non_null(fp);
      assert_int_equal(fwrite(bytes, 1, len, fp), len);
      fclose(fp);
      free(bytes);

      eml_store *store = NULL;
      eml_diag d;
      eml_diag_clear(&d);
      assert_int_equal(eml_store_open(":memory:", EML_STORE_CREATE, &store, &d), EML_OK);
      size_t preloaded = 0;
      if (f.kind == EML_IMPORT_EQUIPMENT) {
        static const char *const sites[] = {"750000010", "750000028", "780000014"};
        for (; preloaded < 3; preloaded++) {
          eml_site s = {.name = "Site", .territory = "75", .legal_status = "CH"};
          memcpy(s.finess, sites[preloaded], 10);
          assert_int_equal(eml_store_insert_site(store, &s, &d), EML_OK);
        }
      }
      eml_import_options opts = {.user = "test", .rejects_path = rejects};
      eml_import_result res;
      eml_status st = eml_import_file(store, f.kind, path, &opts, &res, &d);
      assert_int_equal(st, f.bad ? EML_ERR_REJECTED : EML_OK);
      assert_int_equal(res.read, ROWS_PER_FILE);
      assert_int_equal(res.read, res.loaded + res.rejected);
      assert_int_equal(res.loaded, (long)f.good);
      assert_int_equal(res.rejected, (long)f.bad);
      assert_true(f.bad > 0 && f.good > 0); /* the generator made both kinds */
      check_rejects(&f, rejects);
      check_store(store, &f, preloaded);
      eml_store_close(store);
      free_rows(&f);
      unlink(path);
      unlink(rejects);
    }
  }
  rmdir(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(nothing_lost),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
