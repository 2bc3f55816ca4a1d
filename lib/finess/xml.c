/*
 * xml.c — streaming the heavy-equipment extraction (FINESS cs1400104,
 * stock, XML; issue 8) with libxml2's reader (xmlReaderForFile): one
 * <equipmateriellourd> element per authorised device, wherever it sits
 * (the wrapping root is not part of the description, so it is not read),
 * its 22 child elements turned into strings. A nil element
 * (xsi:nil="true") and an empty one read as ""; codes stay strings
 * ("05701"). The whole file is never held in memory: the reader keeps one
 * node at a time. Errors of libxml2 go to a handler, never to stderr, and
 * stop the reading with FILE:LINE; entities are not expanded and the
 * network is never used.
 */
#include "internal.h"

#include <libxml/xmlreader.h>
#include <string.h>

#define RECORD_ELEMENT "equipmateriellourd"
#define MAX_UNKNOWN_NAMES 32

static const char *const field_names[EML_FINESS_DEVICE_FIELDS] = {
    "nofinessej", "rsej",     "eml",        "libeml",     "libcourteml", "noautor",
    "noautorarhgos", "noimplarhgos", "dateautor", "nofinesset", "numserie", "marque",
    "rset",       "datelimite", "indcaduc", "indnatlien", "datemeo",     "datefin",
    "indrempl",   "noautorremplacement", "indsup", "datemaj"};

const char *eml_finess_device_field_name(eml_finess_device_field f) {
  return (unsigned)f < EML_FINESS_DEVICE_FIELDS ? field_names[f] : "?";
}

typedef struct xml_state {
  const char *path;
  eml_diag *diag;
  int failed; /* libxml2 reported an error */
  eml_finess_warning_fn on_warning;
  void *ctx;
  char unknown[MAX_UNKNOWN_NAMES][64]; /* unknown child names already warned of */
  int nunknown;
} xml_state;

#if LIBXML_VERSION >= 21200
static void on_xml_error(void *arg, const xmlError *error) {
#else
static void on_xml_error(void *arg, xmlErrorPtr error) {
#endif
  xml_state *x = arg;
  if (x->failed || !error || error->level < XML_ERR_ERROR)
    return;
  x->failed = 1;
  char message[EML_DIAG_MESSAGE_MAX];
  snprintf(message, sizeof message, "%s", error->message ? error->message : "malformed XML");
  size_t n = strlen(message);
  while (n && (message[n - 1] == '\n' || message[n - 1] == ' '))
    message[--n] = '\0';
  eml_diag_set(x->diag, x->path, error->line, NULL, NULL, 0, "not well-formed XML: %s", message);
}

/* Line of the current node (the parser's own line runs ahead of it). */
static long node_line(xmlTextReaderPtr reader) {
  xmlNodePtr node = xmlTextReaderCurrentNode(reader);
  long line = node ? xmlGetLineNo(node) : -1;
  return line > 0 ? line : xmlTextReaderGetParserLineNumber(reader);
}

static int field_index(const char *name) {
  for (int i = 0; i < EML_FINESS_DEVICE_FIELDS; i++)
    if (strcmp(field_names[i], name) == 0)
      return i;
  return -1;
}

static void warn_unknown(xml_state *x, const char *name, long line) {
  for (int i = 0; i < x->nunknown; i++)
    if (strcmp(x->unknown[i], name) == 0)
      return;
  if (x->nunknown < MAX_UNKNOWN_NAMES)
    snprintf(x->unknown[x->nunknown++], sizeof x->unknown[0], "%s", name);
  if (x->on_warning) {
    char msg[160];
    snprintf(msg, sizeof msg, "line %ld: element <%.60s> of <" RECORD_ELEMENT "> is not in the "
                              "description: ignored",
             line, name);
    x->on_warning(x->ctx, x->path, msg);
  }
}

/* Reads one record; the reader is on its start tag. Returns 1 when the
 * document goes on, 0 at its end, -1 on an XML error. */
static int read_record(xmlTextReaderPtr reader, xml_state *x, eml_finess_device_record *rec,
                       eml_buf values[EML_FINESS_DEVICE_FIELDS], eml_diag *problem) {
  int depth = xmlTextReaderDepth(reader);
  int current = -1; /* the child being read, or -1 */
  if (xmlTextReaderIsEmptyElement(reader))
    return 1;
  int rc;
  while ((rc = xmlTextReaderRead(reader)) == 1) {
    int type = xmlTextReaderNodeType(reader), d = xmlTextReaderDepth(reader);
    const char *name = (const char *)xmlTextReaderConstLocalName(reader);
    long line = node_line(reader);
    if (type == XML_READER_TYPE_END_ELEMENT && d == depth)
      return 1;
    if (type == XML_READER_TYPE_END_ELEMENT && d == depth + 1) {
      current = -1;
      continue;
    }
    if (type == XML_READER_TYPE_ELEMENT && d == depth + 1) {
      current = field_index(name ? name : "");
      if (current < 0) {
        warn_unknown(x, name ? name : "?", line);
      } else if (rec->present[current] && !problem->message[0]) {
        char field[EML_DIAG_FIELD_MAX];
        snprintf(field, sizeof field, "<%s>", name);
        eml_diag_set(problem, x->path, line, field, NULL, 0,
                     "appears twice in the same <" RECORD_ELEMENT ">");
      } else {
        rec->present[current] = 1;
        rec->field_line[current] = line;
      }
      if (xmlTextReaderIsEmptyElement(reader))
        current = -1;
      continue;
    }
    if (type == XML_READER_TYPE_ELEMENT && !problem->message[0]) {
      char field[EML_DIAG_FIELD_MAX];
      snprintf(field, sizeof field, "<%s>", name ? name : "?");
      eml_diag_set(problem, x->path, line, field, NULL, 0,
                   "unexpected element nested in a field of <" RECORD_ELEMENT ">");
      continue;
    }
    if (current >= 0 && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                         type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
      const char *v = (const char *)xmlTextReaderConstValue(reader);
      size_t len = v ? strlen(v) : 0;
      if (eml_buf_append(&values[current], v, len) && !problem->message[0]) {
        char field[EML_DIAG_FIELD_MAX];
        snprintf(field, sizeof field, "<%s>", field_names[current]);
        eml_diag_set(problem, x->path, line, field, v, len, "value too long (at most %d bytes)",
                     EML_FINESS_VALUE_MAX);
      }
    }
  }
  return rc == 0 ? 0 : -1;
}

/* Trims the spaces around a value in place; returns it. */
static const char *trimmed(eml_buf *b) {
  if (!b->data)
    return "";
  char *s = b->data;
  size_t len = b->len;
  while (len && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\r' ||
                 s[len - 1] == '\t'))
    s[--len] = '\0';
  while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
    s++;
  return s;
}

eml_status eml_finess_xml_each(const char *path, eml_finess_device_fn fn,
                               eml_finess_warning_fn on_warning, void *ctx, eml_diag *diag) {
  xml_state x = {.path = path, .diag = diag, .on_warning = on_warning, .ctx = ctx};
  FILE *probe = fopen(path, "rb");
  if (!probe) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "cannot open the file");
    return EML_ERR_IO;
  }
  fclose(probe);
  xmlTextReaderPtr reader =
      xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
  if (!reader) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "cannot read the file as XML");
    return EML_ERR_IO;
  }
  xmlTextReaderSetStructuredErrorHandler(reader, on_xml_error, &x);
  eml_buf values[EML_FINESS_DEVICE_FIELDS];
  for (int i = 0; i < EML_FINESS_DEVICE_FIELDS; i++)
    eml_buf_init(&values[i], EML_FINESS_VALUE_MAX);
  eml_status st = EML_OK;
  long position = 0, records_seen = 0;
  int rc;
  while ((rc = xmlTextReaderRead(reader)) == 1) {
    if (xmlTextReaderNodeType(reader) != XML_READER_TYPE_ELEMENT)
      continue;
    const char *name = (const char *)xmlTextReaderConstLocalName(reader);
    if (!name || strcmp(name, RECORD_ELEMENT) != 0)
      continue;
    eml_finess_device_record rec = {.file = path,
                                    .line = node_line(reader),
                                    .position = ++position};
    eml_diag problem;
    eml_diag_clear(&problem);
    for (int i = 0; i < EML_FINESS_DEVICE_FIELDS; i++) {
      values[i].len = 0;
      if (values[i].data)
        values[i].data[0] = '\0';
    }
    int more = read_record(reader, &x, &rec, values, &problem);
    if (more < 0 || x.failed)
      break;
    for (int i = 0; i < EML_FINESS_DEVICE_FIELDS; i++)
      rec.value[i] = trimmed(&values[i]);
    rec.problem = problem.message[0] ? &problem : NULL;
    records_seen++;
    if ((st = fn(ctx, &rec)))
      break;
    if (more == 0)
      break;
  }
  if (!st && (x.failed || rc < 0)) {
    if (!x.failed)
      eml_diag_set(diag, path, xmlTextReaderGetParserLineNumber(reader), NULL, NULL, 0,
                   "not well-formed XML");
    st = EML_ERR_VALUE;
  }
  if (!st && records_seen == 0) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "no <" RECORD_ELEMENT "> element in the file");
    st = EML_ERR_EMPTY;
  }
  for (int i = 0; i < EML_FINESS_DEVICE_FIELDS; i++)
    eml_buf_free(&values[i]);
  xmlFreeTextReader(reader);
  return st;
}
