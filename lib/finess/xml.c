/*
 * xml.c — streaming FINESS XML extractions with libxml2's reader
 * (xmlReaderForFile; model in finess_xml.h): records of named child
 * elements, wherever they sit (the wrapping root is not part of the
 * descriptions, so it is not read), their children turned into strings. A
 * nil element (xsi:nil="true") and an empty one read as ""; codes stay
 * strings ("05701"). The whole file is never held in memory: the reader
 * keeps one node at a time. Errors of libxml2 go to a handler, never to
 * stderr, and stop the reading with FILE:LINE; entities are not expanded
 * and the network is never used. Two layouts use it: the heavy-equipment
 * file cs1400104 (issue 8: one <equipmateriellourd> per authorised device,
 * eml_finess_xml_each below) and the AMM authorisations file (amm.c).
 */
#include "finess/finess_xml.h"

#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_UNKNOWN_NAMES 32

typedef struct xml_state {
  const char *path;
  eml_diag *diag;
  int failed; /* libxml2 reported an error */
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
  snprintf(message, sizeof message, "%s", error->message ? error->message : _("sans détail"));
  size_t n = strlen(message);
  while (n && (message[n - 1] == '\n' || message[n - 1] == ' '))
    message[--n] = '\0';
  eml_diag_set(x->diag, x->path, error->line, NULL, NULL, 0, "XML mal formé : %s", message);
}

/* Line of the current node (the parser's own line runs ahead of it). */
static long node_line(xmlTextReaderPtr reader) {
  xmlNodePtr node = xmlTextReaderCurrentNode(reader);
  long line = node ? xmlGetLineNo(node) : -1;
  return line > 0 ? line : xmlTextReaderGetParserLineNumber(reader);
}

static int name_index(const char *const *names, int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (strcmp(names[i], name) == 0)
      return i;
  return -1;
}

static int is_container(const finess_xml_layout *l, const char *name) {
  for (const char *const *c = l->containers; c && *c; c++)
    if (strcmp(*c, name) == 0)
      return 1;
  return 0;
}

/* The values of one record being read. */
typedef struct record_values {
  eml_buf buf[FINESS_XML_MAX_FIELDS];
  const char *value[FINESS_XML_MAX_FIELDS];
  int present[FINESS_XML_MAX_FIELDS];
  long field_line[FINESS_XML_MAX_FIELDS];
} record_values;

static void problem_at(eml_diag *problem, const char *path, long line, const char *name,
                       const char *v, size_t len, const char *msg, const char *record) {
  if (problem->message[0])
    return;
  char field[EML_DIAG_FIELD_MAX];
  snprintf(field, sizeof field, "<%s>", name);
  eml_diag_set(problem, path, line, field, v, len, "%s <%s>", msg, record);
}

/* Reads one record; the reader is on its start tag. Returns 1 when the
 * document goes on, 0 at its end, -1 on an XML error. */
static int read_record(xmlTextReaderPtr reader, xml_state *x, const finess_xml_reading *r,
                       int layout, long position, record_values *rv, eml_diag *problem) {
  const finess_xml_layout *l = &r->layouts[layout];
  int depth = xmlTextReaderDepth(reader);
  int current = -1;   /* the child being read, or -1 */
  int container = 0;  /* the child being read is a container: its content is ignored */
  if (xmlTextReaderIsEmptyElement(reader))
    return 1;
  int rc;
  while ((rc = xmlTextReaderRead(reader)) == 1) {
    int type = xmlTextReaderNodeType(reader), d = xmlTextReaderDepth(reader);
    const char *name = (const char *)xmlTextReaderConstLocalName(reader);
    if (!name)
      name = "?";
    long line = node_line(reader);
    if (type == XML_READER_TYPE_END_ELEMENT && d == depth)
      return 1;
    if (type == XML_READER_TYPE_END_ELEMENT && d == depth + 1) {
      current = -1;
      container = 0;
      continue;
    }
    if (container)
      continue;
    if (type == XML_READER_TYPE_ELEMENT && d == depth + 1) {
      current = name_index(l->fields, l->nfields, name);
      if (current < 0) {
        if (r->on_unknown)
          r->on_unknown(r->ctx, layout, position, name, line);
      } else if (rv->present[current]) {
        problem_at(problem, x->path, line, name, NULL, 0, _("apparaît deux fois dans le même"),
                   l->record);
      } else {
        rv->present[current] = 1;
        rv->field_line[current] = line;
        container = is_container(l, name);
      }
      if (xmlTextReaderIsEmptyElement(reader))
        current = -1, container = 0;
      continue;
    }
    if (type == XML_READER_TYPE_ELEMENT) {
      problem_at(problem, x->path, line, name, NULL, 0,
                 _("élément inattendu imbriqué dans un champ de"), l->record);
      continue;
    }
    if (current >= 0 && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                         type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
      const char *v = (const char *)xmlTextReaderConstValue(reader);
      size_t len = v ? strlen(v) : 0;
      if (eml_buf_append(&rv->buf[current], v, len) && !problem->message[0]) {
        char field[EML_DIAG_FIELD_MAX];
        snprintf(field, sizeof field, "<%s>", l->fields[current]);
        eml_diag_set(problem, x->path, line, field, v, len, "valeur trop longue (au plus %d octets)",
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

/* libxml2's I/O layer (a truncated gzip stream) reports through the
 * generic handler, which prints to stderr: silenced while reading, the
 * structured handler saying what failed. */
static void silent(void *ctx, const char *msg, ...) { (void)ctx, (void)msg; }

static int layout_of(const finess_xml_reading *r, const char *name) {
  for (int i = 0; i < r->nlayouts; i++)
    if (strcmp(r->layouts[i].record, name) == 0)
      return i;
  return -1;
}

eml_status finess_xml_read(const finess_xml_reading *r, eml_diag *diag) {
  xml_state x = {.path = r->path, .diag = diag};
  FILE *probe = fopen(r->path, "rb");
  if (!probe) {
    eml_diag_set(diag, r->path, 0, NULL, NULL, 0, "ouverture du fichier impossible");
    return EML_ERR_IO;
  }
  fclose(probe);
  for (int i = 0; i < r->nlayouts; i++)
    if (r->layouts[i].nfields > FINESS_XML_MAX_FIELDS)
      return EML_ERR_USAGE;
  xmlGenericErrorFunc saved_handler = xmlGenericError;
  void *saved_context = xmlGenericErrorContext;
  xmlSetGenericErrorFunc(NULL, silent);
  xmlTextReaderPtr reader = xmlReaderForFile(
      r->path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
  if (!reader) {
    xmlSetGenericErrorFunc(saved_context, saved_handler);
    eml_diag_set(diag, r->path, 0, NULL, NULL, 0, "lecture du fichier en XML impossible");
    return EML_ERR_IO;
  }
  xmlTextReaderSetStructuredErrorHandler(reader, on_xml_error, &x);
  record_values *rv = calloc(1, sizeof *rv);
  if (!rv) {
    xmlFreeTextReader(reader);
    xmlSetGenericErrorFunc(saved_context, saved_handler);
    return EML_ERR_NOMEM;
  }
  for (int i = 0; i < FINESS_XML_MAX_FIELDS; i++)
    eml_buf_init(&rv->buf[i], EML_FINESS_VALUE_MAX);
  eml_status st = EML_OK;
  long position[8] = {0}, required_seen = 0;
  /* progress (eml/progress.h): the bytes the parser consumed, every 1024
   * records */
  struct stat sb;
  eml_progress_begin(EML_PROGRESS_READ, stat(r->path, &sb) == 0 ? (int64_t)sb.st_size : 0);
  long records = 0, shown_bytes = 0;
  int rc;
  while ((rc = xmlTextReaderRead(reader)) == 1) {
    if (xmlTextReaderNodeType(reader) != XML_READER_TYPE_ELEMENT)
      continue;
    const char *name = (const char *)xmlTextReaderConstLocalName(reader);
    int layout = name ? layout_of(r, name) : -1;
    if (layout < 0 || layout >= 8)
      continue;
    finess_xml_record rec = {.file = r->path,
                             .layout = layout,
                             .line = node_line(reader),
                             .position = ++position[layout]};
    int required = r->records_required && strcmp(name, r->records_required) == 0;
    eml_diag problem;
    eml_diag_clear(&problem);
    for (int i = 0; i < FINESS_XML_MAX_FIELDS; i++) {
      rv->buf[i].len = 0;
      if (rv->buf[i].data)
        rv->buf[i].data[0] = '\0';
      rv->present[i] = 0;
      rv->field_line[i] = 0;
    }
    int more = read_record(reader, &x, r, layout, rec.position, rv, &problem);
    if (more < 0 || x.failed)
      break;
    for (int i = 0; i < FINESS_XML_MAX_FIELDS; i++)
      rv->value[i] = trimmed(&rv->buf[i]);
    rec.value = rv->value;
    rec.present = rv->present;
    rec.field_line = rv->field_line;
    rec.problem = problem.message[0] ? &problem : NULL;
    required_seen += required;
    if ((st = r->on_record(r->ctx, &rec)))
      break;
    if (++records % 1024 == 0) {
      long consumed = xmlTextReaderByteConsumed(reader);
      eml_progress_add(consumed - shown_bytes, 1024);
      shown_bytes = consumed;
    }
    if (more == 0)
      break;
  }
  eml_progress_end();
  if (!st && (x.failed || rc < 0)) {
    if (!x.failed)
      eml_diag_set(diag, r->path, xmlTextReaderGetParserLineNumber(reader), NULL, NULL, 0,
                   "XML mal formé");
    st = EML_ERR_VALUE;
  }
  if (!st && r->records_required && required_seen == 0) {
    eml_diag_set(diag, r->path, 0, NULL, NULL, 0, "aucun élément <%s> dans le fichier",
                 r->records_required);
    st = EML_ERR_EMPTY;
  }
  for (int i = 0; i < FINESS_XML_MAX_FIELDS; i++)
    eml_buf_free(&rv->buf[i]);
  free(rv);
  xmlFreeTextReader(reader);
  xmlSetGenericErrorFunc(saved_context, saved_handler);
  return st;
}

/* ---- the heavy-equipment file cs1400104: <equipmateriellourd> ---- */

#define RECORD_ELEMENT "equipmateriellourd"

static const char *const field_names[EML_FINESS_DEVICE_FIELDS] = {
    "nofinessej", "rsej",     "eml",        "libeml",     "libcourteml", "noautor",
    "noautorarhgos", "noimplarhgos", "dateautor", "nofinesset", "numserie", "marque",
    "rset",       "datelimite", "indcaduc", "indnatlien", "datemeo",     "datefin",
    "indrempl",   "noautorremplacement", "indsup", "datemaj"};

const char *eml_finess_device_field_name(eml_finess_device_field f) {
  return (unsigned)f < EML_FINESS_DEVICE_FIELDS ? field_names[f] : "?";
}

typedef struct device_reading {
  const char *path;
  eml_finess_device_fn fn;
  eml_finess_warning_fn on_warning;
  void *ctx;
  char unknown[MAX_UNKNOWN_NAMES][64]; /* unknown child names already warned of */
  int nunknown;
} device_reading;

/* An unknown child: one warning per name, naming its first line. */
static void device_unknown(void *ctx, int layout, long position, const char *name, long line) {
  device_reading *x = ctx;
  (void)layout, (void)position;
  for (int i = 0; i < x->nunknown; i++)
    if (strcmp(x->unknown[i], name) == 0)
      return;
  if (x->nunknown < MAX_UNKNOWN_NAMES)
    snprintf(x->unknown[x->nunknown++], sizeof x->unknown[0], "%s", name);
  if (x->on_warning) {
    char msg[160];
    snprintf(msg, sizeof msg, _("ligne %ld : élément <%.60s> de <equipmateriellourd> absent de la "
                                "description : ignoré"),
             line, name);
    x->on_warning(x->ctx, x->path, msg);
  }
}

static eml_status device_record(void *ctx, const finess_xml_record *r) {
  device_reading *x = ctx;
  eml_finess_device_record rec = {.file = r->file, .line = r->line, .position = r->position,
                                  .problem = r->problem};
  for (int i = 0; i < EML_FINESS_DEVICE_FIELDS; i++) {
    rec.value[i] = r->value[i];
    rec.present[i] = r->present[i];
    rec.field_line[i] = r->field_line[i];
  }
  return x->fn(x->ctx, &rec);
}

eml_status eml_finess_xml_each(const char *path, eml_finess_device_fn fn,
                               eml_finess_warning_fn on_warning, void *ctx, eml_diag *diag) {
  static const finess_xml_layout layout = {RECORD_ELEMENT, field_names, EML_FINESS_DEVICE_FIELDS,
                                           NULL};
  device_reading x = {.path = path, .fn = fn, .on_warning = on_warning, .ctx = ctx};
  finess_xml_reading r = {.path = path,
                          .layouts = &layout,
                          .nlayouts = 1,
                          .records_required = RECORD_ELEMENT,
                          .on_record = device_record,
                          .on_unknown = device_unknown,
                          .ctx = &x};
  return finess_xml_read(&r, diag);
}

eml_status eml_finess_xml_root(const char *path, char *name, size_t size, eml_diag *diag) {
  name[0] = '\0';
  FILE *probe = fopen(path, "rb");
  if (!probe) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "ouverture du fichier impossible");
    return EML_ERR_IO;
  }
  fclose(probe);
  xml_state x = {.path = path, .diag = diag};
  xmlGenericErrorFunc saved_handler = xmlGenericError;
  void *saved_context = xmlGenericErrorContext;
  xmlSetGenericErrorFunc(NULL, silent);
  xmlTextReaderPtr reader = xmlReaderForFile(
      path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
  eml_status st = EML_OK;
  if (!reader) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "lecture du fichier en XML impossible");
    st = EML_ERR_IO;
  } else {
    xmlTextReaderSetStructuredErrorHandler(reader, on_xml_error, &x);
    int rc;
    while ((rc = xmlTextReaderRead(reader)) == 1 &&
           xmlTextReaderNodeType(reader) != XML_READER_TYPE_ELEMENT)
      ;
    const char *root = rc == 1 ? (const char *)xmlTextReaderConstLocalName(reader) : NULL;
    if (root)
      snprintf(name, size, "%s", root);
    else {
      if (!x.failed)
        eml_diag_set(diag, path, xmlTextReaderGetParserLineNumber(reader), NULL, NULL, 0,
                     "XML mal formé : pas d'élément racine");
      st = EML_ERR_VALUE;
    }
    xmlFreeTextReader(reader);
  }
  xmlSetGenericErrorFunc(saved_context, saved_handler);
  return st;
}
