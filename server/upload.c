/*
 * upload.c — a campaign's files sent through the dashboard (issue 16 item
 * 4; docs/dashboard.md "Sending a campaign"): POST /upload, a
 * multipart/form-data form with the fields csrf, campaign (its name),
 * rejects (present: keep the good rows) and the files equipment, sessions,
 * exams.
 *
 * Model. libmicrohttpd's post processor cuts the body into fields as it
 * arrives; each file is written at once to its own file in a private
 * temporary directory (mkdtemp, mode 700), so that no file is ever held
 * whole in memory; a file above SRV_UPLOAD_FILE_MAX or a body above
 * SRV_UPLOAD_MAX stops the writing and the answer is 413. Once the body is
 * in, the gate (auth.c) checks the session, its CSRF token and the role
 * (etablissement or ars); then the files are read by the library's one
 * loader of imaging inputs (eml_imaging_source_load, the readers of `eml
 * imaging import`), all-or-nothing unless the form asks for rejects, and
 * the campaign is stored by eml_imaging_import under the account's name in
 * the audit log. The answer lists the bad rows in the usual form `FILE:LINE:
 * column NAME: what is wrong (value 'X')`, FILE being the name the browser
 * gave. The temporary directory is removed when the request ends.
 *
 * The rejects file: with the box ticked, the bad rows also go to the one
 * rejects writer of the CLI (eml_rejects, as `eml imaging import --rejects
 * rejets.csv` with the files named as the browser named them: one file per
 * input with bad rows, rejets.exams.csv...), the header line read from the
 * file received. Its bytes are then kept in memory (srv_uploads) under a
 * random token, for the session that sent them alone (its account and its
 * CSRF token, which is the session's), at most SRV_REJECTS_KEPT_S seconds
 * and SRV_REJECTS_BYTES in all (the oldest go first), and served by GET
 * /upload?rejets=TOKEN; any other request gets 404.
 */
#include "server.h"

#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pages.h"

#define UPLOAD_FILES 3
#define REJECTS_SHOWN 100
#define SRV_REJECTS_KEPT_S 3600          /* seconds a rejects file is kept */
#define SRV_REJECTS_BYTES (64u << 20)    /* bytes of the rejects files kept in all */
#define SRV_REJECTS_FILES 64             /* rejects files kept */
#define REJECTS_TOKEN 32                 /* hex digits of a rejects file's token */

/* A rejects file kept for its session. */
typedef struct kept_rejects {
  char token[REJECTS_TOKEN + 1];
  char account[64];
  char session[72]; /* the session's CSRF token */
  char name[160];   /* the download's name (rejets.exams.csv) */
  time_t at;
  char *body;
  size_t len;
} kept_rejects;

struct srv_uploads {
  pthread_mutex_t lock;
  kept_rejects files[SRV_REJECTS_FILES];
  size_t n, bytes;
};

srv_uploads *srv_uploads_new(void) {
  srv_uploads *k = calloc(1, sizeof *k);
  if (k)
    pthread_mutex_init(&k->lock, NULL);
  return k;
}

void srv_uploads_free(srv_uploads *k) {
  if (!k)
    return;
  for (size_t i = 0; i < k->n; i++)
    free(k->files[i].body);
  pthread_mutex_destroy(&k->lock);
  free(k);
}

/* Drops file i (lock held). */
static void kept_drop(srv_uploads *k, size_t i) {
  k->bytes -= k->files[i].len;
  free(k->files[i].body);
  memmove(k->files + i, k->files + i + 1, (k->n - i - 1) * sizeof k->files[0]);
  k->n--;
}

/* Drops the files older than the bound (lock held). */
static void kept_expire(srv_uploads *k, time_t now) {
  for (size_t i = k->n; i-- > 0;)
    if (now - k->files[i].at >= SRV_REJECTS_KEPT_S)
      kept_drop(k, i);
}

/* Keeps body (taken) under a new token (into token); 0, or -1 when it is
 * too large to keep (body freed). */
static int kept_add(srv_uploads *k, const srv_request *r, const char *name, char *body,
                    size_t len, char token[REJECTS_TOKEN + 1]) {
  if (!k || len > SRV_REJECTS_BYTES) {
    free(body);
    return -1;
  }
  unsigned char bytes[REJECTS_TOKEN / 2];
  randombytes_buf(bytes, sizeof bytes);
  sodium_bin2hex(token, REJECTS_TOKEN + 1, bytes, sizeof bytes);
  time_t now = time(NULL);
  pthread_mutex_lock(&k->lock);
  kept_expire(k, now);
  while (k->n && (k->n == SRV_REJECTS_FILES || k->bytes + len > SRV_REJECTS_BYTES))
    kept_drop(k, 0); /* the oldest first */
  kept_rejects *f = &k->files[k->n++];
  memset(f, 0, sizeof *f);
  memcpy(f->token, token, REJECTS_TOKEN + 1);
  snprintf(f->account, sizeof f->account, "%s", r->account);
  snprintf(f->session, sizeof f->session, "%s", r->csrf);
  snprintf(f->name, sizeof f->name, "%s", name);
  for (char *c = f->name; *c; c++) /* Content-Disposition's file name: nothing to quote */
    if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
          *c == '-' || *c == '_' || *c == '.'))
      *c = '_';
  f->at = now;
  f->body = body;
  f->len = len;
  k->bytes += len;
  pthread_mutex_unlock(&k->lock);
  return 0;
}

static const char *const file_fields[UPLOAD_FILES] = {"equipment", "sessions", "exams"};

struct srv_upload {
  struct MHD_PostProcessor *pp;
  char dir[256];
  char path[UPLOAD_FILES][300];
  char given[UPLOAD_FILES][128]; /* the file names the browser gave */
  FILE *f[UPLOAD_FILES];
  size_t size[UPLOAD_FILES];
  size_t total;
  char campaign[SRV_VALUE_MAX];
  char csrf[80];
  char form[96]; /* "csrf=TOKEN", read by the gate */
  int rejects;
  eml_rejects *writer; /* the rejects file (the box ticked), or NULL */
  int over;   /* a cap passed: 413 */
  int failed; /* a file could not be written: 500 */
};

/* Appends value to field (a small text field), cut at size. */
static void append_text(char *field, size_t size, const char *data, size_t len) {
  size_t have = strlen(field);
  if (have + len >= size)
    len = have + 1 < size ? size - have - 1 : 0;
  memcpy(field + have, data, len);
  field[have + len] = '\0';
}

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *content_type,
                                const char *transfer_encoding, const char *data, uint64_t off,
                                size_t size) {
  (void)kind, (void)content_type, (void)transfer_encoding, (void)off;
  srv_upload *u = cls;
  u->total += size;
  if (u->total > SRV_UPLOAD_MAX) {
    u->over = 1;
    return MHD_NO;
  }
  for (int i = 0; i < UPLOAD_FILES; i++) {
    if (strcmp(key, file_fields[i]) != 0)
      continue;
    if (!u->f[i]) {
      snprintf(u->given[i], sizeof u->given[i], "%s", filename && *filename ? filename
                                                                             : file_fields[i]);
      u->f[i] = fopen(u->path[i], "wbx");
      if (!u->f[i]) {
        u->failed = 1;
        return MHD_NO;
      }
    }
    u->size[i] += size;
    if (u->size[i] > SRV_UPLOAD_FILE_MAX) {
      u->over = 1;
      return MHD_NO;
    }
    if (size && fwrite(data, 1, size, u->f[i]) != size) {
      u->failed = 1;
      return MHD_NO;
    }
    return MHD_YES;
  }
  if (strcmp(key, "campaign") == 0)
    append_text(u->campaign, sizeof u->campaign, data, size);
  else if (strcmp(key, "csrf") == 0)
    append_text(u->csrf, sizeof u->csrf, data, size);
  else if (strcmp(key, "rejects") == 0)
    u->rejects = 1;
  return MHD_YES;
}

srv_upload *srv_upload_begin(struct MHD_Connection *conn) {
  srv_upload *u = calloc(1, sizeof *u);
  if (!u)
    return NULL;
  const char *tmp = getenv("TMPDIR");
  snprintf(u->dir, sizeof u->dir, "%s/eml-upload-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(u->dir)) {
    free(u);
    return NULL;
  }
  for (int i = 0; i < UPLOAD_FILES; i++)
    snprintf(u->path[i], sizeof u->path[i], "%s/%s.csv", u->dir, file_fields[i]);
  u->pp = MHD_create_post_processor(conn, 64 * 1024, on_field, u);
  if (!u->pp) { /* not multipart/form-data (or urlencoded) */
    srv_upload_end(u);
    return NULL;
  }
  return u;
}

void srv_upload_feed(srv_upload *u, const char *data, size_t len) {
  if (!u->over && !u->failed && MHD_post_process(u->pp, data, len) != MHD_YES && !u->over)
    u->failed = 1;
}

const char *srv_upload_form(srv_upload *u) {
  for (int i = 0; i < UPLOAD_FILES; i++)
    if (u->f[i]) {
      if (fclose(u->f[i]) != 0)
        u->failed = 1;
      u->f[i] = NULL;
    }
  /* the names shown: the browser's last path component; a name given to
   * two files, or none, is the field's (each input its own rejects file) */
  for (int i = 0; i < UPLOAD_FILES; i++) {
    const char *slash = strrchr(u->given[i], '/'), *bslash = strrchr(u->given[i], '\\');
    const char *base = slash > bslash ? slash + 1 : bslash ? bslash + 1 : u->given[i];
    memmove(u->given[i], base, strlen(base) + 1);
    int twice = !u->given[i][0] || u->given[i][0] == '.';
    for (int j = 0; j < i && !twice; j++)
      twice = strcmp(u->given[i], u->given[j]) == 0;
    if (twice)
      snprintf(u->given[i], sizeof u->given[i], "%s.csv", file_fields[i]);
  }
  snprintf(u->form, sizeof u->form, "csrf=%.70s", u->csrf);
  return u->form;
}

void srv_upload_end(srv_upload *u) {
  if (!u)
    return;
  if (u->pp)
    MHD_destroy_post_processor(u->pp);
  if (u->writer) { /* left open by a page cut short: its files go with the folder */
    eml_diag d;
    eml_status_ignore(eml_rejects_close(u->writer, &d)); /* nothing is kept of them */
    u->writer = NULL;
  }
  for (int i = 0; i < UPLOAD_FILES; i++) {
    if (u->f[i])
      fclose(u->f[i]);
    unlink(u->path[i]);
  }
  rmdir(u->dir);
  free(u);
}

/* ---- the pages ----------------------------------------------------------------- */

/* GET /upload?rejets=TOKEN: the rejects file kept for this session. */
static void rejects_download(const srv_state *s, const srv_request *r, const char *token,
                             srv_response *out) {
  srv_uploads *k = s->uploads;
  int found = 0;
  if (k) {
    pthread_mutex_lock(&k->lock);
    kept_expire(k, time(NULL));
    for (size_t i = 0; i < k->n && !found; i++) {
      const kept_rejects *f = &k->files[i];
      /* the token, and the session that sent the files (another account or
       * session: as if there were none) */
      if (strcmp(f->token, token) != 0 || strcmp(f->account, r->account) != 0 ||
          strcmp(f->session, r->csrf) != 0 || !r->csrf[0])
        continue;
      found = 1;
      if ((out->body = malloc(f->len + 1))) {
        memcpy(out->body, f->body, f->len + 1);
        out->len = f->len;
        out->status = 200;
        out->content_type = "text/csv; charset=utf-8";
        snprintf(out->filename, sizeof out->filename, "%s", f->name);
      }
    }
    pthread_mutex_unlock(&k->lock);
  }
  if (!found)
    srv_respond_error(out, 0, 404, "no such rejects file",
                      _("fichier des rejets inconnu ou expiré (il n'est gardé qu'une heure, pour "
                        "la session qui a envoyé les fichiers)"));
  else if (!out->body)
    srv_respond_error(out, 0, 500, "out of memory", _("erreur interne : mémoire épuisée"));
}

void srv_upload_page(const srv_state *s, const srv_request *r, const struct srv_view *v,
                     srv_response *out) {
  (void)v;
  if (r->nquery == 1 && strcmp(r->query[0].name, "rejets") == 0) {
    rejects_download(s, r, r->query[0].value, out);
    return;
  }
  if (r->nquery || r->query_overflow) {
    srv_respond_error(out, 0, 400, "unknown query parameter",
                      _("paramètre inconnu (seul rejets= est accepté)"));
    return;
  }
  srv_page p;
  srv_page_begin(&p, _("Envoyer une campagne"), NULL);
  srv_page_printf(&p,
                  "<form id=\"upload-form\" method=\"post\" action=\"/upload\" "
                  "enctype=\"multipart/form-data\">\n"
                  "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n",
                  r->csrf);
  srv_page_printf(&p, "<p><label>%s <input name=\"campaign\" required></label></p>\n",
                  _("Nom de la campagne"));
  srv_page_printf(&p, "<p><label>equipment.csv <input type=\"file\" name=\"equipment\" "
                      "required></label></p>\n<p><label>sessions.csv <input type=\"file\" "
                      "name=\"sessions\" required></label></p>\n<p><label>exams.csv <input "
                      "type=\"file\" name=\"exams\" required></label></p>\n<p><label><input "
                      "type=\"checkbox\" name=\"rejects\" value=\"1\"> %s</label></p>\n"
                      "<p><button type=\"submit\">%s</button></p>\n",
                  _("garder les bonnes lignes (sinon une seule mauvaise ligne et rien n'est "
                    "enregistré)"),
                  _("Envoyer"));
  /* shown by /eml.js while the files are sent, with the texts of the
   * span's data- attributes (the script has none of its own: pages.c) */
  srv_page_raw(&p, "<p id=\"upload-progress\" hidden><progress max=\"100\" value=\"0\">"
                   "</progress> <span data-mib=\"");
  srv_page_text(&p, _("%s\xc2\xa0Mio"));
  srv_page_raw(&p, "\" data-point=\"");
  srv_page_text(&p, _(","));
  srv_page_raw(&p, "\" data-sent=\"");
  /* TRANSLATORS: {1} and {2} are sizes ("1,5 Mio"), {3} the percentage */
  srv_page_text(&p, _(NF_("{1} envoyés sur {2} ({3}\xc2\xa0%)")));
  srv_page_raw(&p, "\" data-received=\"");
  srv_page_text(&p, _("Fichiers envoyés : lecture et enregistrement en cours…"));
  srv_page_raw(&p, "\" data-failed=\"");
  srv_page_text(&p, _("Échec de l’envoi : la connexion a été interrompue."));
  srv_page_raw(&p, "\">");
  srv_page_text(&p, _(NF_("0\xc2\xa0%")));
  srv_page_raw(&p, "</span></p>\n</form>\n");
  srv_page_end(&p, out, 200);
}

typedef struct upload_rejects {
  srv_upload *u;
  srv_page *p;
  long count;
} upload_rejects;

/* One bad row: its message, the file named as the browser named it. */
static void on_reject(void *ctx, const eml_diag *diag, const char *raw, size_t len) {
  upload_rejects *x = ctx;
  x->count++;
  eml_diag d = *diag;
  const char *read_from = NULL; /* the file received, under the browser's name */
  for (int i = 0; i < UPLOAD_FILES; i++)
    if (strcmp(d.file, x->u->path[i]) == 0) {
      snprintf(d.file, sizeof d.file, "%s", x->u->given[i]);
      read_from = x->u->path[i];
    }
  if (x->u->writer) /* an error is kept by the writer, said at its flush */
    eml_status_ignore(eml_rejects_write_from(x->u->writer, &d, read_from, raw, len));
  if (x->count > REJECTS_SHOWN)
    return;
  char msg[1024];
  eml_diag_format(&d, msg, sizeof msg);
  srv_page_raw(x->p, "<li>");
  srv_page_text(x->p, msg);
  srv_page_raw(x->p, "</li>\n");
}

/* A machine of the campaign at a site the account may not send for (an
 * etablissement's other sites): said on the page, 1. */
static int foreign_machine(const srv_state *s, const srv_request *r,
                           const eml_imaging_campaign *c, srv_page *p) {
  eml_campaign_reader reader;
  eml_imaging_campaign_reader(c, &reader);
  eml_campaign_machine m;
  for (size_t i = 0; reader.read_machines(reader.impl, i, &m, 1) == 1; i++)
    if (!srv_auth_sees_site(s, r->account, m.finess)) {
      char msg[256];
      snprintf(msg, sizeof msg, _("l'équipement %s (FINESS %s) n'est pas d'un site de ce compte : "
                                  "rien n'est enregistré"), m.equipment_id, m.finess);
      srv_page_raw(p, "<p class=\"error\">");
      srv_page_text(p, msg);
      srv_page_raw(p, "</p>\n");
      return 1;
    }
  return 0;
}

/* The rejects files written (one per input with bad rows): each kept for
 * the session and linked, then removed from the temporary folder. */
static void rejects_links(const srv_state *s, const srv_request *r, srv_upload *u,
                          srv_page *p) {
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = u->writer ? eml_rejects_flush(u->writer, &d) : EML_ERR_IO;
  size_t n = st ? 0 : eml_rejects_count(u->writer);
  for (size_t i = 0; i < n; i++) {
    long rows = 0;
    const char *path = eml_rejects_file(u->writer, i, &rows);
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t len = 0;
    char *body = srv_file_read(path, &len);
    char token[REJECTS_TOKEN + 1];
    if (!body || kept_add(s->uploads, r, name, body, len, token)) {
      char msg[400];
      snprintf(msg, sizeof msg, _("le fichier des rejets %s n'a pas pu être gardé (trop grand ?)"),
               name);
      srv_page_raw(p, "<p class=\"error\">");
      srv_page_text(p, msg);
      srv_page_raw(p, "</p>\n");
    } else {
      srv_page_printf(p, "<p class=\"rejects-file\">%s<a download href=\"/upload?rejets=%s\">",
                      _("Les lignes écartées, à corriger puis renvoyer : "), token);
      srv_page_text(p, name);
      srv_page_raw(p, "</a> ");
      srv_page_printf(p,
                      eml_trn("(%ld ligne ; gardé %d min pour cette session)",
                              "(%ld lignes ; gardé %d min pour cette session)",
                              (unsigned long)rows),
                      rows, SRV_REJECTS_KEPT_S / 60);
      srv_page_raw(p, "</p>\n");
    }
  }
  if (st)
    srv_page_printf(p, "<p class=\"error\">%s</p>\n",
                    _("le fichier des rejets n'a pas pu être écrit"));
  char paths[UPLOAD_FILES][300];
  size_t written = 0;
  for (size_t i = 0; u->writer && i < eml_rejects_count(u->writer) && i < UPLOAD_FILES; i++)
    snprintf(paths[written++], sizeof paths[0], "%s", eml_rejects_file(u->writer, i, NULL));
  if (u->writer)
    eml_status_ignore(eml_rejects_close(u->writer, &d)); /* flushed above: kept or said */
  u->writer = NULL;
  for (size_t i = 0; i < written; i++)
    unlink(paths[i]);
}

void srv_upload_post(const srv_state *s, const srv_request *r, const struct srv_view *v,
                     srv_response *out) {
  (void)v;
  srv_upload *u = r->upload;
  if (!u || u->failed) {
    srv_respond_error(out, 0, u ? 500 : 400, "the files could not be received",
                      u ? _("les fichiers n'ont pas pu être reçus")
                        : _("formulaire multipart/form-data attendu"));
    return;
  }
  if (u->over) {
    char msg[160];
    snprintf(msg, sizeof msg, _("fichier trop grand (%d Mio au plus par fichier, %d Mio en tout)"),
             SRV_UPLOAD_FILE_MAX >> 20, SRV_UPLOAD_MAX >> 20);
    srv_respond_error(out, 0, 413, "upload too large", msg);
    return;
  }
  size_t len = strlen(u->campaign);
  if (len == 0 || eml_utf8_invalid_at(u->campaign, len) < len || !u->size[0] || !u->size[1] ||
      !u->size[2]) {
    srv_respond_error(out, 0, 400, "campaign name and three files expected",
                      _("il faut le nom de la campagne et les trois fichiers (equipment, "
                      "sessions, exams)"));
    return;
  }
  eml_imaging_source src;
  eml_imaging_source_init(&src);
  src.equipment = u->path[0];
  src.sessions = u->path[1];
  src.exams = u->path[2];
  src.threads = 1;
  srv_page p;
  srv_page_begin(&p, _("Envoi d'une campagne"), NULL);
  /* the bad rows are written, as they come, to a list of their own, shown
   * under the outcome */
  srv_page list = {NULL, NULL, 0, EML_OK};
  list.f = open_memstream(&list.body, &list.len);
  list.st = list.f ? EML_OK : EML_ERR_NOMEM;
  upload_rejects rejects = {u, &list, 0};
  char rejects_path[320];
  snprintf(rejects_path, sizeof rejects_path, "%s/rejets.csv", u->dir);
  const char *inputs[UPLOAD_FILES] = {u->given[0], u->given[1], u->given[2]};
  eml_diag rd;
  eml_diag_clear(&rd);
  if (u->rejects && eml_rejects_open(rejects_path, inputs, UPLOAD_FILES, &u->writer, &rd))
    u->writer = NULL; /* the page then says the file could not be written */
  eml_imaging_source_hooks hooks = {on_reject, NULL, NULL, &rejects};
  eml_imaging_inputs in = {0};
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_imaging_source_load(&src, &hooks, &in, &d);
  int status = 200;
  if (st == EML_ERR_REJECTED && !u->rejects) {
    status = 422;
    srv_page_raw(&p, "<p class=\"error\">");
    srv_page_printf(&p,
                    _n("%ld mauvaise ligne : rien n'est enregistré (corrigez-la, ou cochez "
                       "« garder les bonnes lignes »).",
                       "%ld mauvaises lignes : rien n'est enregistré (corrigez-les, ou cochez "
                       "« garder les bonnes lignes »).",
                       rejects.count),
                    rejects.count);
    srv_page_raw(&p, "</p>\n");
  } else if (st && st != EML_ERR_REJECTED) {
    status = 422;
    eml_diag shown = d;
    for (int i = 0; i < UPLOAD_FILES; i++)
      if (strcmp(shown.file, u->path[i]) == 0)
        snprintf(shown.file, sizeof shown.file, "%s", u->given[i]);
    char msg[1024];
    eml_diag_format(&shown, msg, sizeof msg);
    srv_page_raw(&p, "<p class=\"error\">");
    srv_page_text(&p, msg);
    srv_page_raw(&p, "</p>\n");
  } else if (foreign_machine(s, r, in.campaign, &p)) {
    status = 403;
  } else {
    eml_store *store = NULL;
    eml_diag_clear(&d);
    size_t machines, sessions, exams;
    eml_imaging_campaign_sizes(in.campaign, &machines, &sessions, &exams);
    eml_status w = eml_store_open(s->db, EML_STORE_OPEN_EXISTING, &store, &d);
    if (!w)
      w = eml_imaging_import(store, u->campaign, in.campaign, r->account, &d);
    eml_store_close(store);
    if (w) {
      status = 500;
      srv_page_raw(&p, "<p class=\"error\">");
      srv_page_text(&p, _("la campagne n'a pas pu être enregistrée"));
      srv_page_raw(&p, "</p>\n");
    } else {
      srv_page_printf(&p, "<p class=\"done\">%s", _("Campagne "));
      srv_page_text(&p, u->campaign);
      srv_page_printf(&p, _n(" enregistrée : %zu équipement, ", " enregistrée : %zu équipements, ",
                             machines),
                      machines);
      srv_page_printf(&p, _n("%zu vacation, ", "%zu vacations, ", sessions), sessions);
      srv_page_printf(&p, _n("%zu examen", "%zu examens", exams), exams);
      if (rejects.count)
        srv_page_printf(&p,
                        _n(" ; %ld mauvaise ligne écartée", " ; %ld mauvaises lignes écartées",
                           rejects.count),
                        rejects.count);
      srv_page_printf(&p, ".</p>\n<p>%s<a href=\"/imaging?campaign=", _("Voir la campagne : "));
      char name[SRV_VALUE_MAX * 3 + 1];
      srv_url_encode(u->campaign, name, sizeof name);
      srv_page_text(&p, name);
      srv_page_printf(&p, "\">%s</a></p>\n", _("synthèse et fiches des équipements"));
    }
  }
  if (rejects.count) {
    srv_page_raw(&p, "<h2>");
    srv_page_printf(&p, _("Mauvaises lignes (%ld)"), rejects.count);
    srv_page_raw(&p, "</h2>\n");
    if (u->rejects)
      rejects_links(s, r, u, &p);
  }
  if (list.f && fclose(list.f) != 0 && !list.st)
    list.st = EML_ERR_NOMEM;
  srv_page_keep(&p, list.st);
  if (rejects.count && list.body) {
    srv_page_raw(&p, "<ul class=\"rejects\">\n");
    srv_page_raw(&p, list.body);
    srv_page_raw(&p, "</ul>\n");
  }
  free(list.body);
  if (rejects.count > REJECTS_SHOWN) {
    srv_page_raw(&p, "<p>");
    srv_page_printf(&p, _("(les %d premières mauvaises lignes sont montrées)"), REJECTS_SHOWN);
    srv_page_raw(&p, "</p>\n");
  }
  srv_page_printf(&p, "<p><a href=\"/upload\">%s</a></p>\n", _("Envoyer une autre campagne"));
  eml_imaging_inputs_free(&in);
  srv_page_end(&p, out, status);
}
