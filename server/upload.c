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
 */
#include "server.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pages.h"

#define UPLOAD_FILES 3
#define REJECTS_SHOWN 100

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
  snprintf(u->form, sizeof u->form, "csrf=%.70s", u->csrf);
  return u->form;
}

void srv_upload_end(srv_upload *u) {
  if (!u)
    return;
  if (u->pp)
    MHD_destroy_post_processor(u->pp);
  for (int i = 0; i < UPLOAD_FILES; i++) {
    if (u->f[i])
      fclose(u->f[i]);
    unlink(u->path[i]);
  }
  rmdir(u->dir);
  free(u);
}

/* ---- the pages ----------------------------------------------------------------- */

void srv_upload_page(const srv_state *s, const srv_request *r, const struct srv_view *v,
                     srv_response *out) {
  (void)s, (void)v;
  srv_page p;
  srv_page_begin(&p, "Envoyer une campagne", NULL);
  srv_page_printf(&p,
                  "<form method=\"post\" action=\"/upload\" enctype=\"multipart/form-data\">\n"
                  "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n",
                  r->csrf);
  srv_page_raw(&p, "<p><label>Nom de la campagne <input name=\"campaign\" required></label></p>\n"
                   "<p><label>equipment.csv <input type=\"file\" name=\"equipment\" "
                   "required></label></p>\n<p><label>sessions.csv <input type=\"file\" "
                   "name=\"sessions\" required></label></p>\n<p><label>exams.csv <input "
                   "type=\"file\" name=\"exams\" required></label></p>\n<p><label><input "
                   "type=\"checkbox\" name=\"rejects\" value=\"1\"> garder les bonnes lignes "
                   "(sinon une seule mauvaise ligne et rien n'est enregistré)</label></p>\n"
                   "<p><button type=\"submit\">Envoyer</button></p>\n</form>\n");
  srv_page_end(&p, out, 200);
}

typedef struct upload_rejects {
  const srv_upload *u;
  srv_page *p;
  long count;
} upload_rejects;

/* One bad row: its message, the file named as the browser named it. */
static void on_reject(void *ctx, const eml_diag *diag, const char *raw, size_t len) {
  (void)raw, (void)len;
  upload_rejects *x = ctx;
  if (x->count++ >= REJECTS_SHOWN)
    return;
  eml_diag d = *diag;
  for (int i = 0; i < UPLOAD_FILES; i++)
    if (strcmp(d.file, x->u->path[i]) == 0)
      snprintf(d.file, sizeof d.file, "%s", x->u->given[i]);
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
      snprintf(msg, sizeof msg, _("la machine %s (FINESS %s) n'est pas d'un site de ce compte : "
                                  "rien n'est enregistré"), m.equipment_id, m.finess);
      srv_page_raw(p, "<p class=\"error\">");
      srv_page_text(p, msg);
      srv_page_raw(p, "</p>\n");
      return 1;
    }
  return 0;
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
  srv_page_begin(&p, "Envoi d'une campagne", NULL);
  srv_page_raw(&p, "<ul class=\"rejects\">\n");
  upload_rejects rejects = {u, &p, 0};
  eml_imaging_source_hooks hooks = {on_reject, NULL, NULL, &rejects};
  eml_imaging_inputs in = {0};
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_imaging_source_load(&src, &hooks, &in, &d);
  srv_page_raw(&p, "</ul>\n");
  int status = 200;
  if (st == EML_ERR_REJECTED && !u->rejects) {
    status = 422;
    srv_page_raw(&p, "<p class=\"error\">");
    srv_page_printf(&p, _("%ld mauvaise(s) ligne(s) : rien n'est enregistré (corrigez-les, ou "
                          "cochez « garder les bonnes lignes »)."), rejects.count);
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
      srv_page_raw(&p, "<p class=\"done\">Campagne ");
      srv_page_text(&p, u->campaign);
      srv_page_printf(&p, " enregistrée : %zu machines, %zu sessions, %zu examens", machines,
                      sessions, exams);
      if (rejects.count)
        srv_page_printf(&p, " ; %ld mauvaise(s) ligne(s) écartée(s)", rejects.count);
      srv_page_raw(&p, ".</p>\n");
    }
  }
  if (rejects.count > REJECTS_SHOWN)
    srv_page_printf(&p, "<p>(les %d premières mauvaises lignes sont montrées)</p>\n",
                    REJECTS_SHOWN);
  eml_imaging_inputs_free(&in);
  srv_page_end(&p, out, status);
}
