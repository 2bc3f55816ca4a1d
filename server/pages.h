/*
 * pages.h — the HTML frame of the dashboard's pages (pages.c): a head with
 * the inline style, the script as the file /eml.js of the same server (no
 * asset from elsewhere, the pages work offline), the navigation, forms for the query parameters, the sortable
 * and filterable list of imaging machines, and the link to each page's JSON.
 * Every value from the data goes through eml_html_escape, the HTML
 * renderer's escaping.
 */
#ifndef EML_SERVER_PAGES_H
#define EML_SERVER_PAGES_H

#include <stdio.h>

#include "server.h"

/* A page being written into memory (open_memstream). Pages are sticky like
 * tables: the first failure (the page could not be started, a write failed,
 * or a renderer writing to f failed, kept with srv_page_keep) stays in st
 * and every write after it does nothing; srv_page_end answers such a page
 * with 500. So the writers below return nothing, and a page is checked
 * once, at its end. */
typedef struct srv_page {
  FILE *f;
  char *body;
  size_t len;
  eml_status st;
} srv_page;

/* Starts a page titled title (escaped); nav_active is the navigation entry
 * to mark ("/bilan"...), or NULL. */
void srv_page_begin(srv_page *p, const char *title, const char *nav_active);
/* Markup written as is (only literals of this program). */
void srv_page_raw(srv_page *p, const char *html);
/* Markup formatted (numbers, URL-encoded values; never raw data). */
void srv_page_printf(srv_page *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text escaped for HTML. */
void srv_page_text(srv_page *p, const char *text);
/* Keeps st as the page's failure if it has none yet (the status of a
 * renderer that wrote to p->f, which is called only while p->st is 0). */
void srv_page_keep(srv_page *p, eml_status st);
/* Ends the page into out with status (500 and a short text when the page
 * is in error or could not be finished); the page is consumed. */
void srv_page_end(srv_page *p, srv_response *out, int status);

/* PATH?QUERY into url (truncated): the request's query, URL-encoded, then
 * NAME=VALUE when name is not NULL. */
void srv_page_query_url(const char *path, const srv_request *r, const char *name,
                        const char *value, char *url, size_t size);
/* "Données JSON : <a href=PATH?QUERY>" with the request's query. */
void srv_page_api_link(srv_page *p, const char *path, const srv_request *r);
/* The form of the balance (period, date). */
void srv_page_balance_form(srv_page *p, const char *period, const char *at);
/* The map of the balance (section#carte, data-modality = the modality's
 * code): links to the map of each modality whose bit is set in available
 * (bit m = eml_modality m), then the chart as inline SVG, 720 x 480
 * (eml_render_html_chart). */
void srv_page_balance_map(srv_page *p, const eml_chart *map, int modality, unsigned available,
                          const char *period, const char *at);
/* The form of radiotherapy (year). */
void srv_page_year_form(srv_page *p, int year);
/* The machine list: a filter box, a modality choice, sortable columns
 * (data-v holds each number's full value), the first column linking to
 * link_prefix + the URL-encoded id + link_query ("" or "?campaign=NAME",
 * already encoded). */
void srv_page_machine_list(srv_page *p, const eml_table *t, const char *link_prefix,
                           const char *link_query);
/* <button type="submit">LABEL</button> (escaped) and a newline. */
void srv_page_submit(srv_page *p, const char *label);
/* The home page's content. */
void srv_page_index(srv_page *p, const srv_state *s);

/* Percent-encodes s (RFC 3986 unreserved kept) into out (truncated, always
 * NUL-terminated). */
void srv_url_encode(const char *s, char *out, size_t size);
/* Decodes the %XX of s into out (a malformed escape kept as is). Returns 0,
 * 1 when s holds %00 (out then cut there), -1 when out is too small. */
int srv_url_decode(const char *s, char *out, size_t size);

/* The script of the pages (sorting and filtering), served as /eml.js. */
extern const char srv_page_script[];

#endif
