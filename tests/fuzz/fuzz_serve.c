/*
 * fuzz_serve.c — libFuzzer harness of the request handling of `eml serve`
 * (server/routes.c srv_handle, docs/dashboard.md, docs/api.md), without
 * sockets: the input is lines, the first the method, the second the path
 * (as sent, percent-encoded: srv_handle decodes it), each next one a query parameter
 * `name=value` given to srv_request_add_param like the transport does.
 * The state is the demo register of data/idf-2017 and the radiotherapy
 * files of tests/data/rt/annex in a scratch store, and the panel of
 * tests/data/imaging/dst_week. Invariants: no crash; a status between 200
 * and 599 with a content type and a body; an /api answer is valid JSON; an
 * HTML page never holds a value of the request that has markup in it
 * (a tag such as `<script`, see has_markup) unescaped.
 */
#include "fuzz_common.h"

#include <jansson.h>

#include "server.h"

/* The pages draw charts (cairo, pango: the imaging page's): the font
 * libraries' caches live for the process, LeakSanitizer ignores them
 * (eml/chart.h), as in the eml program. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return EML_CHART_LSAN_SUPPRESSIONS; }

static char serve_db[64];

static void remove_db(void) {
  unlink(serve_db);
}

static const srv_state *serve_state(void) {
  static srv_state state;
  if (state.db)
    return &state;
  snprintf(serve_db, sizeof serve_db, "/tmp/eml-fuzz-serve-%ld.db", (long)getpid());
  unlink(serve_db);
  atexit(remove_db);
  eml_store *store = NULL;
  eml_diag diag;
  eml_diag_clear(&diag);
  if (eml_store_open(serve_db, EML_STORE_CREATE, &store, &diag))
    fuzz_fail("cannot create the scratch store");
  fuzz_import_demo(store);
  static const unsigned char key[EML_RT_KEY_BYTES] = {1, 2, 3};
  eml_rt_data *rt = eml_rt_data_new(key);
  char dir[1024];
  snprintf(dir, sizeof dir, "%s/tests/data/rt/annex", EML_SOURCE_DIR);
  if (!rt || eml_rt_read_dir(rt, dir, NULL, NULL, &diag) ||
      eml_store_rt_save(store, rt, &diag))
    fuzz_fail("cannot store the radiotherapy fixture");
  eml_rt_data_free(rt);
  eml_store_close(store);

  eml_imaging_campaign *c = eml_imaging_campaign_new();
  static const char *const files[3] = {"equipment.csv", "sessions.csv", "exams.csv"};
  for (int i = 0; i < 3; i++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/imaging/dst_week/%s", EML_SOURCE_DIR, files[i]);
    eml_status st = i == 0   ? eml_imaging_load_equipment(c, path, NULL, NULL, NULL, &diag)
                    : i == 1 ? eml_imaging_load_sessions(c, path, NULL, NULL, NULL, &diag)
                             : eml_imaging_load_exams(c, path, NULL, NULL, NULL, &diag);
    if (st)
      fuzz_fail("cannot load the imaging fixture");
  }
  eml_imaging_options opts;
  eml_imaging_options_default(&opts);
  if (eml_imaging_compute(c, &opts, &state.imaging, &diag))
    fuzz_fail("cannot compute the imaging fixture");
  eml_imaging_campaign_free(c);
  state.imaging_dir = "dst_week";
  state.period = "SROS3-PRS";
  state.at = eml_date_from_civil(2017, 10, 1);
  state.db = serve_db;
  /* the answers kept per store version (server/cache.c), as eml serve
   * keeps them: a request asked again is served from the copy */
  state.cache = srv_cache_new(serve_db);
  if (!state.cache)
    fuzz_fail("out of memory");
  return &state;
}

/* The next line of the input (without its '\n'), or NULL at the end. */
static char *next_line(char **cursor) {
  char *line = *cursor;
  if (!line)
    return NULL;
  char *nl = strchr(line, '\n');
  if (nl) {
    *nl = '\0';
    *cursor = nl + 1;
  } else {
    *cursor = NULL;
  }
  return line;
}

/* A value shaped like an injection: tags that no page of the dashboard
 * holds itself (a lone '<' is in every page; the fuzzer finds any substring
 * of the page, so the check is on tags the pages never write). */
static int has_markup(const char *s) {
  static const char *const tags[] = {"<script>alert", "<img", "<svg", "<iframe", "<b>"};
  for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
    if (strstr(s, tags[i]))
      return 1;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const srv_state *state = serve_state();
  char *text = malloc(size + 1);
  if (!text)
    fuzz_fail("out of memory");
  memcpy(text, data, size);
  text[size] = '\0'; /* an embedded NUL ends the input, as it ends a C string */
  char *cursor = text;
  const char *method = next_line(&cursor);
  const char *path = next_line(&cursor);
  static const srv_request empty;
  srv_request req = empty;
  req.method = method ? method : "GET";
  req.path = path ? path : "/";
  req.host = "localhost";
  for (char *line; (line = next_line(&cursor));) {
    char *eq = strchr(line, '=');
    if (eq)
      *eq = '\0';
    srv_request_add_param(&req, line, eq ? eq + 1 : ""); /* `?flag` comes without a value */
  }
  srv_response resp;
  srv_handle(state, &req, &resp);
  if (resp.status < 200 || resp.status > 599 || !resp.content_type || !resp.body)
    fuzz_fail("a response without a status, a content type or a body");
  if (strlen(resp.body) != resp.len)
    fuzz_fail("the body's length is not the length given");
  if (strstr(resp.content_type, "json")) {
    json_error_t err;
    json_t *doc = json_loadb(resp.body, resp.len, 0, &err);
    if (!doc)
      fuzz_fail("an API answer that is not JSON");
    json_decref(doc);
  } else if (strstr(resp.content_type, "html")) {
    if (has_markup(req.path) && strstr(resp.body, req.path))
      fuzz_fail("the path is in the page unescaped");
    for (size_t i = 0; i < req.nquery; i++)
      if (has_markup(req.query[i].value) && strstr(resp.body, req.query[i].value))
        fuzz_fail("a query value is in the page unescaped");
  }
  srv_response_free(&resp);
  free(text);
  return 0;
}
