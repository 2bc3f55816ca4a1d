/*
 * pages.c — the HTML frame of the dashboard (see pages.h): one document per
 * page, in the run's language (lang="fr" or "en", its texts from the
 * catalogue: _()), with its style inline and its script the
 * file /eml.js of the same server (the policy allows no inline script), so
 * that nothing is fetched from elsewhere. Reports come from the HTML renderer
 * (eml_render_html_report: tables and charts); the list of imaging machines is written here
 * from its eml_table because its rows carry links and sort keys, with the
 * renderer's escaping (eml_html_escape) and cell display (eml_cell_format,
 * decimal comma) so it shows the same text as every other table.
 */
#include "pages.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The frame's rules; the tables' and the figures' own come from the HTML
 * renderer (eml_html_table_css, eml_html_chart_css). */
static const char page_style[] =
    "body{font-family:sans-serif;margin:0;color:#222}\n"
    "nav{background:#1f3a5f;padding:.5em 1.5em}\n"
    "nav a{color:#fff;margin-right:1.5em;text-decoration:none}\n"
    "nav a.active{font-weight:bold;text-decoration:underline}\n"
    "main{margin:1em 1.5em}\n"
    "p.api{font-size:.9em;color:#555}\n"
    "p.error{color:#a00;font-weight:bold}\n"
    "table.sortable th{cursor:pointer}\n"
    "th[aria-sort=ascending]::after{content:' \\25B2'}\n"
    "th[aria-sort=descending]::after{content:' \\25BC'}\n"
    "form{margin:.5em 0}\n"
    "section#carte svg{max-width:100%;height:auto}\n"
    /* tables that fit the window (1,400 pixels and less): a wide or long
     * table scrolls inside its own box, its header kept in view (sticky),
     * long text wrapping in its cell at its spaces (a word, an id or a
     * number is never cut: break-word only breaks a word wider than 26 em),
     * numbers on one line */
    "main table{display:block;max-width:100%;max-height:85vh;overflow:auto}\n"
    "main thead{position:sticky;top:0;z-index:1}\n"
    "main th{box-shadow:inset 0 -1px #bbb}\n"
    "main td,main th{max-width:26em;overflow-wrap:break-word}\n"
    "p.downloads a{margin:0 .2em}\n"
    "p.carte a{margin-right:1em}\n"
    "p.carte a.active{font-weight:bold}\n"
    "p#upload-progress progress{width:24em;vertical-align:middle}\n"
    "ul.rejects{font-family:monospace;font-size:.9em}\n"
    "p.done{color:#060;font-weight:bold}\n";

/* Sorting by a column (numbers by their data-v value, empty last; text in
 * French order), filtering rows by text and modality, and the progress of
 * an upload. */
const char srv_page_script[] =
    "(function(){\n"
    "var fm=document.getElementById('machines-form');\n"
    "if(fm)fm.addEventListener('submit',function(e){e.preventDefault();});\n"
    "function key(td){var v=td.getAttribute('data-v');"
    "return v===null?td.textContent:(v===''?null:parseFloat(v));}\n"
    "function cmp(x,y){if(x===null)return y===null?0:1;if(y===null)return -1;"
    "if(typeof x==='number'&&typeof y==='number')return x-y;"
    "return String(x).localeCompare(String(y),document.documentElement.lang);}\n"
    "document.querySelectorAll('table.sortable').forEach(function(t){\n"
    " var ths=t.tHead.rows[0].cells;\n"
    " Array.prototype.forEach.call(ths,function(th,i){\n"
    "  th.tabIndex=0;\n"
    "  function sort(){var asc=th.getAttribute('aria-sort')!=='ascending';\n"
    "   Array.prototype.forEach.call(ths,function(o){o.removeAttribute('aria-sort');});\n"
    "   th.setAttribute('aria-sort',asc?'ascending':'descending');\n"
    "   var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows);\n"
    "   rows.sort(function(a,c){var x=key(a.cells[i]),y=key(c.cells[i]);"
    "if(x===null||y===null)return cmp(x,y);return asc?cmp(x,y):cmp(y,x);});\n"
    "   rows.forEach(function(r){b.appendChild(r);});}\n"
    "  th.addEventListener('click',sort);\n"
    "  th.addEventListener('keydown',function(e){if(e.key==='Enter')sort();});\n"
    " });\n"
    "});\n"
    "var q=document.getElementById('filter'),m=document.getElementById('modality');\n"
    "function filter(){var t=document.getElementById('machines');if(!t)return;\n"
    " var s=q.value.toLowerCase(),mod=m.value,shown=0;\n"
    " Array.prototype.forEach.call(t.tBodies[0].rows,function(r){\n"
    "  var ok=(!s||r.textContent.toLowerCase().indexOf(s)>=0)&&"
    "(!mod||r.getAttribute('data-modality')===mod);\n"
    "  r.hidden=!ok;if(ok)shown++;});\n"
    " document.getElementById('shown').textContent=shown;}\n"
    "if(q){q.addEventListener('input',filter);m.addEventListener('change',filter);}\n"
    /* the upload form (upload.c) sent by XMLHttpRequest to show its
     * progress; the answer (the result page) then replaces the page's
     * body. Without the script the form is sent as a plain POST. */
    "var up=document.getElementById('upload-form');\n"
    "if(up&&window.FormData&&window.XMLHttpRequest&&window.DOMParser)"
    "up.addEventListener('submit',function(e){\n"
    " e.preventDefault();\n"
    " var box=document.getElementById('upload-progress'),bar=box.querySelector('progress'),"
    "txt=box.querySelector('span'),btn=up.querySelector('button');\n"
    /* the texts in the page's language, from the span's data- attributes
     * (upload.c): data-mib "%s Mio", data-point the decimal mark,
     * data-sent "{1} envoyés sur {2} ({3} %)", data-received, data-failed */
    " function tr(k){return txt.getAttribute('data-'+k);}\n"
    " function mo(n){return tr('mib').replace('%s',(n/1048576).toFixed(1).replace('.',tr('point')));}\n"
    " box.hidden=false;btn.disabled=true;\n"
    " var x=new XMLHttpRequest();x.open('POST',up.action);\n"
    " x.upload.onprogress=function(ev){if(!ev.lengthComputable)return;\n"
    "  var pc=Math.floor(ev.loaded*100/ev.total);bar.value=pc;\n"
    "  txt.textContent=tr('sent').replace('{1}',mo(ev.loaded)).replace('{2}',mo(ev.total))"
    ".replace('{3}',pc);};\n"
    " x.upload.onload=function(){bar.value=100;"
    "txt.textContent=tr('received');};\n"
    " x.onload=function(){var d=new DOMParser().parseFromString(x.responseText,'text/html');\n"
    "  document.title=d.title;document.body.replaceWith(document.adoptNode(d.body));};\n"
    " x.onerror=function(){btn.disabled=false;"
    "txt.textContent=tr('failed');};\n"
    " x.send(new FormData(up));\n"
    "});\n"
    "})();\n";

static const struct {
  const char *href, *label;
} nav_entries[] = {
    {"/", N_("Accueil")},
    {"/bilan", N_("Bilan des OQOS")},
    {"/imaging", N_("Imagerie (scanners, IRM)")},
    {"/rt", N_("Radiothérapie")},
    {"/scenario", N_("Scénario")},
};

void srv_page_keep(srv_page *p, eml_status st) {
  if (!p->st)
    p->st = st;
}

void srv_page_raw(srv_page *p, const char *html) {
  if (!p->st && fputs(html, p->f) < 0)
    p->st = EML_ERR_IO;
}

void srv_page_printf(srv_page *p, const char *fmt, ...) {
  if (p->st)
    return;
  va_list ap;
  va_start(ap, fmt);
  if (vfprintf(p->f, fmt, ap) < 0)
    p->st = EML_ERR_IO;
  va_end(ap);
}

void srv_page_text(srv_page *p, const char *text) {
  if (!p->st)
    p->st = eml_html_escape(eml_write_file, p->f, text);
}

void srv_page_begin(srv_page *p, const char *title, const char *nav_active) {
  p->body = NULL;
  p->len = 0;
  p->f = open_memstream(&p->body, &p->len);
  p->st = p->f ? EML_OK : EML_ERR_NOMEM;
  srv_page_printf(p, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
                  "<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width\">\n"
                  "<title>", eml_lang_name(eml_language()));
  srv_page_text(p, title);
  srv_page_raw(p, " — eml</title>\n<style>\n");
  srv_page_raw(p, eml_html_table_css);
  srv_page_raw(p, eml_html_chart_css);
  srv_page_raw(p, page_style);
  srv_page_raw(p, "</style>\n</head>\n<body>\n<nav>");
  for (size_t i = 0; i < sizeof nav_entries / sizeof nav_entries[0]; i++) {
    int active = nav_active && strcmp(nav_active, nav_entries[i].href) == 0;
    srv_page_printf(p, "<a href=\"%s\"%s>%s</a>", nav_entries[i].href,
                    active ? " class=\"active\"" : "", _(nav_entries[i].label));
  }
  srv_page_raw(p, "</nav>\n<main>\n<h1>");
  srv_page_text(p, title);
  srv_page_raw(p, "</h1>\n");
}

void srv_page_end(srv_page *p, srv_response *out, int status) {
  srv_page_raw(p, "</main>\n<script src=\"/eml.js\"></script>\n</body>\n</html>\n");
  if (p->f && fclose(p->f) != 0)
    srv_page_keep(p, EML_ERR_NOMEM);
  p->f = NULL;
  if (p->st || !p->body) { /* a page cut short is answered 500 */
    free(p->body);
    out->status = 500;
    out->content_type = "text/plain; charset=utf-8";
    out->body = strdup(_("la page n'a pas pu être écrite\n"));
    out->len = out->body ? strlen(out->body) : 0;
    return;
  }
  out->status = status;
  out->content_type = "text/html; charset=utf-8";
  out->body = p->body;
  out->len = p->len;
  p->body = NULL;
}

void srv_url_encode(const char *s, char *out, size_t size) {
  static const char hex[] = "0123456789ABCDEF";
  size_t o = 0;
  if (size == 0)
    return;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    int plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_' || c == '.' || c == '~';
    if (o + (plain ? 1 : 3) >= size)
      break;
    if (plain) {
      out[o++] = (char)c;
    } else {
      out[o++] = '%';
      out[o++] = hex[c >> 4];
      out[o++] = hex[c & 15];
    }
  }
  out[o] = '\0';
}

static int hex_digit(char c) {
  return c >= '0' && c <= '9' ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

int srv_url_decode(const char *s, char *out, size_t size) {
  size_t o = 0;
  for (; *s; s++) {
    if (o + 1 >= size) {
      out[size ? size - 1 : 0] = '\0';
      return -1;
    }
    int hi = s[0] == '%' ? hex_digit(s[1]) : -1, lo = hi >= 0 ? hex_digit(s[2]) : -1;
    if (lo < 0) {
      out[o++] = *s;
      continue;
    }
    if (hi == 0 && lo == 0) {
      out[o] = '\0';
      return 1;
    }
    out[o++] = (char)(hi * 16 + lo);
    s += 2;
  }
  out[o] = '\0';
  return 0;
}

void srv_page_query_url(const char *path, const srv_request *r, const char *name,
                        const char *value, char *url, size_t size) {
  char enc[SRV_VALUE_MAX * 3];
  snprintf(url, size, "%s", path);
  for (size_t i = 0; i <= r->nquery; i++) {
    const char *n = i < r->nquery ? r->query[i].name : name;
    const char *v = i < r->nquery ? r->query[i].value : value;
    if (!n)
      break;
    size_t len = strlen(url);
    srv_url_encode(n, enc, sizeof enc);
    snprintf(url + len, size - len, "%s%s=", i ? "&" : "?", enc);
    len = strlen(url);
    srv_url_encode(v, enc, sizeof enc);
    snprintf(url + len, size - len, "%s", enc);
  }
}

void srv_page_api_link(srv_page *p, const char *path, const srv_request *r) {
  char url[SRV_URL_MAX + 1];
  srv_page_query_url(path, r, NULL, NULL, url, sizeof url);
  srv_page_raw(p, "<p class=\"api\">");
  srv_page_raw(p, _("Données JSON : "));
  srv_page_raw(p, "<a href=\"");
  srv_page_text(p, url);
  srv_page_raw(p, "\">");
  srv_page_text(p, url);
  srv_page_raw(p, "</a></p>\n");
}

/* <label>LABEL <input name=NAME value=VALUE></label> */
static void form_input(srv_page *p, const char *label, const char *name, const char *value,
                       const char *attrs) {
  srv_page_printf(p, "<label>%s <input name=\"%s\" %s value=\"", label, name, attrs);
  srv_page_text(p, value);
  srv_page_raw(p, "\"></label>\n");
}

void srv_page_balance_form(srv_page *p, const char *period, const char *at) {
  srv_page_raw(p, "<form method=\"get\" action=\"/bilan\">\n");
  form_input(p, _("Période"), "period", period, "size=\"16\"");
  /* a text box, not type="date": that one shows the date in the browser's
   * locale (MM/DD/YYYY in an English one); this shows JJ/MM/AAAA always */
  char attrs[256];
  snprintf(attrs, sizeof attrs,
           "size=\"10\" inputmode=\"numeric\" placeholder=\"%s\" "
           "pattern=\"[0-9]{2}/[0-9]{2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}\"",
           _("JJ/MM/AAAA"));
  form_input(p, _("Date du bilan (JJ/MM/AAAA)"), "at", at, attrs);
  srv_page_submit(p, _("Afficher"));
  srv_page_raw(p, "</form>\n");
}

void srv_page_balance_map(srv_page *p, const eml_chart *map, int modality, unsigned available,
                          const char *period, const char *at) {
  char enc_period[3 * SRV_VALUE_MAX], enc_at[64];
  srv_url_encode(period, enc_period, sizeof enc_period);
  srv_url_encode(at, enc_at, sizeof enc_at);
  srv_page_printf(p, "<section id=\"carte\" data-modality=\"%s\">\n<h2>%s</h2>\n"
                     "<p class=\"carte\">",
                  eml_modality_code((eml_modality)modality), _("Carte"));
  for (int m = 0; m < EML_MODALITY_COUNT; m++) {
    if (!(available & (1u << m)))
      continue;
    srv_page_printf(p, "<a href=\"/bilan?period=%s&amp;at=%s&amp;modality=%s#carte\"%s>",
                    enc_period, enc_at, eml_modality_code((eml_modality)m),
                    m == modality ? " class=\"active\"" : "");
    srv_page_text(p, eml_modality_title((eml_modality)m));
    srv_page_raw(p, "</a>");
  }
  srv_page_raw(p, "</p>\n<div class=\"carte\">\n");
  if (!p->st)
    srv_page_keep(p, eml_render_html_chart(map, 720, 480, "carte", eml_write_file, p->f));
  srv_page_raw(p, "</div>\n</section>\n");
}

void srv_page_year_form(srv_page *p, int year) {
  char value[16];
  snprintf(value, sizeof value, "%d", year);
  srv_page_raw(p, "<form method=\"get\" action=\"/rt\">\n");
  form_input(p, _("Année"), "year", value, "type=\"number\" min=\"1900\" max=\"2200\"");
  srv_page_submit(p, _("Afficher"));
  srv_page_raw(p, "</form>\n");
}

/* data-v: the cell's full value for sorting ("" when empty). */
static void machine_cell(srv_page *p, const eml_cell *cell, const char *href) {
  char shown[128], value[48] = "";
  eml_cell_format(cell, 1, shown, sizeof shown);
  int numeric = cell->kind == EML_CELL_INT || cell->kind == EML_CELL_REAL ||
                cell->kind == EML_CELL_EMPTY;
  if (cell->kind == EML_CELL_INT)
    snprintf(value, sizeof value, "%lld", (long long)cell->i);
  else if (cell->kind == EML_CELL_REAL && isfinite(cell->r))
    snprintf(value, sizeof value, "%.17g", cell->r);
  if (numeric)
    srv_page_printf(p, "<td class=\"num\" data-v=\"%s\">", value);
  else
    srv_page_raw(p, "<td>");
  if (href) {
    srv_page_raw(p, "<a href=\"");
    srv_page_text(p, href);
    srv_page_raw(p, "\">");
  }
  srv_page_text(p, cell->kind == EML_CELL_TEXT ? cell->text : shown);
  if (href)
    srv_page_raw(p, "</a>");
  srv_page_raw(p, "</td>");
}

void srv_page_machine_list(srv_page *p, const eml_table *t, const char *link_prefix,
                           const char *link_query) {
  size_t nrows = eml_table_rows(t), ncols = eml_table_columns(t);
  srv_page_printf(p, "<form id=\"machines-form\"><label>%s <input id=\"filter\" "
                     "type=\"search\"></label>\n<label>%s <select id=\"modality\">"
                     "<option value=\"\">%s</option><option value=\"CT\">%s</option>"
                     "<option value=\"MRI\">%s</option></select></label>\n",
                  _("Filtrer"), _("Modalité"), _("toutes"), _("Scanner (CT)"), _("IRM (MRI)"));
  /* the count shown is the script's (the rows left by the filter) */
  char shown[64];
  snprintf(shown, sizeof shown, "<span id=\"shown\">%zu</span>", nrows);
  srv_page_raw(p, "<span>");
  srv_page_printf(p, _("%s équipements sur %zu"), shown, nrows);
  srv_page_raw(p, "</span></form>\n");
  srv_page_raw(p, "<table id=\"machines\" class=\"sortable\">\n<caption>");
  srv_page_text(p, eml_table_title(t));
  srv_page_raw(p, "</caption>\n<thead>\n<tr>");
  for (size_t c = 0; c < ncols && !p->st; c++) {
    srv_page_raw(p, "<th scope=\"col\">");
    srv_page_text(p, eml_table_column(t, c)->name);
    srv_page_raw(p, "</th>");
  }
  srv_page_raw(p, "</tr>\n</thead>\n<tbody>\n");
  size_t modality_col = 2; /* machine_list_table: id, FINESS, modality... */
  for (size_t r = 0; r < nrows && !p->st; r++) {
    const eml_cell *id = eml_table_cell(t, r, 0);
    const eml_cell *mod = eml_table_cell(t, r, modality_col);
    srv_page_raw(p, "<tr data-modality=\"");
    srv_page_text(p, mod->kind == EML_CELL_TEXT ? mod->text : "");
    srv_page_raw(p, "\">");
    for (size_t c = 0; c < ncols; c++) {
      char href[SRV_URL_MAX];
      if (c == 0 && id->kind == EML_CELL_TEXT) {
        size_t len = (size_t)snprintf(href, sizeof href, "%s", link_prefix);
        srv_url_encode(id->text, href + len, sizeof href - len);
        len = strlen(href);
        snprintf(href + len, sizeof href - len, "%s", link_query);
      }
      machine_cell(p, eml_table_cell(t, r, c), c == 0 ? href : NULL);
    }
    srv_page_raw(p, "</tr>\n");
  }
  srv_page_raw(p, "</tbody>\n</table>\n");
  for (size_t i = 0; i < eml_table_notes(t) && !p->st; i++) {
    srv_page_raw(p, "<p class=\"note\">");
    srv_page_text(p, eml_table_note(t, i));
    srv_page_raw(p, "</p>\n");
  }
}

void srv_page_index(srv_page *p, const srv_state *s) {
  srv_page_printf(p, "<p>%s</p>\n<ul>\n", _("Tableau de bord en lecture seule des données d'eml."));
  /* each entry: its link, then what it shows */
  static const struct {
    const char *href, *label, *about;
  } entries[] = {
      {"/bilan", N_("Bilan des OQOS"),
       N_(" : appareils et implantations autorisés face aux objectifs, par département "
          "(registre du stockage).")},
      {"/imaging", N_("Imagerie"), N_(" : panel des scanners et IRM, fiche de chaque équipement.")},
      {"/rt", N_("Radiothérapie"),
       N_(" : centres, activité et conformité à la circulaire de 2002.")},
      {"/scenario", N_("Scénario"),
       N_(" : des changements (demandes accordées, appareils fermés, objectifs) appliqués à une "
          "copie du registre, le bilan avant et après.")},
      {"/api", N_("API JSON"), N_(" (voir docs/api.md).")},
  };
  for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++)
    srv_page_printf(p, "<li><a href=\"%s\">%s</a>%s</li>\n", entries[i].href,
                    _(entries[i].label), _(entries[i].about));
  srv_page_raw(p, "</ul>\n<p>");
  /* no path of the server is shown (the store's, the campaign's) */
  if (s->imaging)
    srv_page_printf(p, _("Imagerie : campagne de %zu équipements chargée."),
                    eml_imaging_machine_count(s->imaging));
  else
    srv_page_raw(p, _("Imagerie : aucune campagne chargée."));
  srv_page_raw(p, "</p>\n");
}

void srv_page_submit(srv_page *p, const char *label) {
  srv_page_raw(p, "<button type=\"submit\">");
  srv_page_text(p, label);
  srv_page_raw(p, "</button>\n");
}
