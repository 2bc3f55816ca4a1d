/*
 * cache.c — what `eml serve` keeps per version of the store, so that a
 * repeated request is served, not recomputed (issue 16, item 6; docs/
 * dashboard.md, "Served, not recomputed").
 *
 * The model: the store's version is its stamp (eml_store_version: SQLite's
 * data_version and the file's identity, read on a connection the cache
 * keeps open for that alone). For the current stamp the cache holds
 *  - the data the views compute from, read from the store once: the
 *    register (the balance, any period, date or modality) and the
 *    radiotherapy data set with its main year (any year asked), the list of
 *    the stored imaging campaigns and each campaign asked, computed once
 *    (its indicators, its machines' heat maps, the register's sites: what
 *    `eml imaging report|machine --campaign NAME` computes; at most
 *    SRV_CAMPAIGNS_KEPT, another computed for its request alone) — shared
 *    by the request threads, read-only, counted references so that a
 *    request still using the data of an older stamp keeps it until it ends;
 *  - the answers already made: the bytes of each view's response (status
 *    below 500), keyed by the path and the query as sent, at most
 *    SRV_CACHE_ENTRIES answers and SRV_CACHE_BYTES bytes (the oldest go
 *    first).
 * A new stamp (an import, a store replaced) drops both. Three locks: the
 * version's connection, the data (a request waiting for a load in progress
 * takes its result rather than reading the store again), the answers.
 * Without a cache (the fuzz harness) the same calls read the store for the
 * request alone.
 */
#include "server.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SRV_CACHE_ENTRIES 256
#define SRV_CACHE_BYTES (64u << 20)
#define SRV_CAMPAIGNS_KEPT 8 /* stored campaigns computed and kept per stamp */

/* The data of one stamp; freed by whoever drops its last reference. */
struct srv_hold {
  eml_store_stamp stamp;
  int refs;          /* the cache's (while current) and the requests' */
  int has_register;  /* reg read */
  eml_register reg;
  eml_rt_data *rt;   /* read, or NULL */
  int rt_year;       /* its year with the most passages */
  int has_campaigns; /* the list read */
  srv_campaign_info *campaigns;
  size_t ncampaigns;
  srv_campaign *computed[SRV_CAMPAIGNS_KEPT]; /* the campaigns asked, computed */
  size_t ncomputed;
};

typedef struct srv_entry {
  char *key;
  int status;
  const char *content_type;
  char *body;
  size_t len;
  char filename[96]; /* srv_response's */
} srv_entry;

struct srv_cache {
  const char *db;
  pthread_mutex_t version_lock; /* store, file */
  eml_store *store;             /* opened read-only for the stamp alone */
  unsigned long long file[2];   /* the file it opened */
  pthread_mutex_t data_lock;    /* current */
  srv_hold *current;
  pthread_mutex_t answer_lock;  /* answers */
  eml_store_stamp answers_stamp;
  srv_entry answers[SRV_CACHE_ENTRIES];
  size_t nanswers, answer_bytes;
  atomic_long computed, reads;
};

srv_cache *srv_cache_new(const char *db) {
  srv_cache *c = calloc(1, sizeof *c);
  if (!c)
    return NULL;
  c->db = db;
  pthread_mutex_init(&c->version_lock, NULL);
  pthread_mutex_init(&c->data_lock, NULL);
  pthread_mutex_init(&c->answer_lock, NULL);
  return c;
}

static void campaign_free(srv_campaign *k) {
  if (!k)
    return;
  eml_imaging_inputs_free(&k->in);
  eml_imaging_result_free(k->result);
  eml_imaging_activity_free(k->activity);
  free(k);
}

static void hold_free(srv_hold *h) {
  if (!h)
    return;
  if (h->has_register)
    eml_register_free(&h->reg);
  eml_rt_data_free(h->rt);
  free(h->campaigns);
  for (size_t i = 0; i < h->ncomputed; i++)
    campaign_free(h->computed[i]);
  free(h);
}

static void entry_free(srv_entry *e) {
  free(e->key);
  free(e->body);
}

static void answers_drop(srv_cache *c) {
  for (size_t i = 0; i < c->nanswers; i++)
    entry_free(&c->answers[i]);
  c->nanswers = 0;
  c->answer_bytes = 0;
}

void srv_cache_free(srv_cache *c) {
  if (!c)
    return;
  eml_store_close(c->store);
  hold_free(c->current); /* the server is stopped: no request holds it */
  answers_drop(c);
  pthread_mutex_destroy(&c->version_lock);
  pthread_mutex_destroy(&c->data_lock);
  pthread_mutex_destroy(&c->answer_lock);
  free(c);
}

/* ---- the version ------------------------------------------------------------ */

eml_status srv_cache_version(srv_cache *c, eml_store_stamp *out) {
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = EML_OK;
  pthread_mutex_lock(&c->version_lock);
  for (int attempt = 0; attempt < 2; attempt++) {
    if (!c->store && (st = eml_store_open(c->db, EML_STORE_READ_ONLY, &c->store, &d)))
      break;
    if ((st = eml_store_version(c->store, out, &d)))
      break;
    if (attempt == 0 && !c->file[0] && !c->file[1]) {
      memcpy(c->file, out->file, sizeof c->file);
      break;
    }
    if (memcmp(c->file, out->file, sizeof c->file) == 0)
      break;
    /* another file at the path: its own connection, its own stamps */
    eml_store_close(c->store);
    c->store = NULL;
    memcpy(c->file, out->file, sizeof c->file);
  }
  if (st) { /* the store is opened again at the next request */
    eml_store_close(c->store);
    c->store = NULL;
    memset(c->file, 0, sizeof c->file);
  }
  pthread_mutex_unlock(&c->version_lock);
  return st;
}

/* ---- the data of a stamp ---------------------------------------------------- */

static void release_locked(srv_hold *h) {
  if (h && --h->refs == 0)
    hold_free(h);
}

void srv_cache_release(srv_cache *c, srv_hold *h) {
  if (!h)
    return;
  if (!c) {
    hold_free(h);
    return;
  }
  pthread_mutex_lock(&c->data_lock);
  release_locked(h);
  pthread_mutex_unlock(&c->data_lock);
}

/* The data of the stamp (the current one, or a new one replacing it),
 * with a reference for the caller; called with data_lock held. */
static srv_hold *hold_of(srv_cache *c, const eml_store_stamp *v) {
  if (c->current && eml_store_stamp_equal(&c->current->stamp, v)) {
    c->current->refs++;
    return c->current;
  }
  srv_hold *h = calloc(1, sizeof *h);
  if (!h)
    return NULL;
  h->stamp = *v;
  h->refs = 2; /* the cache's and the caller's */
  release_locked(c->current);
  c->current = h;
  return h;
}

static void main_year(srv_hold *h);

/* The hold of stamp v with a reference for the caller, data_lock taken
 * (c NULL: a hold of the caller's alone); NULL when out of memory. */
static srv_hold *hold_begin(srv_cache *c, const eml_store_stamp *v) {
  if (c) {
    pthread_mutex_lock(&c->data_lock);
    return hold_of(c, v);
  }
  srv_hold *h = calloc(1, sizeof *h);
  if (h)
    h->refs = 1;
  return h;
}

/* Ends what hold_begin began: h for the caller, or NULL (its reference
 * dropped) when st is a failure. */
static srv_hold *hold_end(srv_cache *c, srv_hold *h, eml_status st) {
  if (st && h) {
    if (c)
      release_locked(h);
    else
      hold_free(h);
    h = NULL;
  }
  if (c)
    pthread_mutex_unlock(&c->data_lock);
  return h;
}

eml_status srv_cache_data(srv_cache *c, const char *db, const eml_store_stamp *v, int want_rt,
                          srv_hold **out, eml_diag *d) {
  static const unsigned char no_key[EML_RT_KEY_BYTES]; /* stored data holds pseudonyms */
  *out = NULL;
  if (!v)
    c = NULL;
  srv_hold *h = hold_begin(c, v);
  eml_status st = h ? EML_OK : EML_ERR_NOMEM;
  if (!st && !want_rt && !h->has_register) {
    st = eml_report_register_read(db, &h->reg, d);
    if (st)
      eml_register_free(&h->reg);
    else
      h->has_register = 1;
    if (c)
      atomic_fetch_add(&c->reads, 1);
  }
  if (!st && want_rt && !h->rt) {
    eml_rt_data *data = eml_rt_data_new(no_key);
    st = data ? eml_store_rt_read(db, data, d) : EML_ERR_NOMEM;
    if (st) {
      eml_rt_data_free(data);
    } else {
      h->rt = data;
      main_year(h);
    }
    if (c)
      atomic_fetch_add(&c->reads, 1);
  }
  *out = hold_end(c, h, st);
  return st;
}

const eml_register *srv_hold_register(const srv_hold *h) { return &h->reg; }

/* ---- the stored imaging campaigns ------------------------------------------- */

static eml_status add_campaign(void *ctx, const char *name, const char *imported_at,
                               long machines, long sessions, long exams) {
  srv_hold *h = ctx;
  srv_campaign_info *grown = realloc(h->campaigns, (h->ncampaigns + 1) * sizeof *grown);
  if (!grown)
    return EML_ERR_NOMEM;
  h->campaigns = grown;
  srv_campaign_info *k = &grown[h->ncampaigns++];
  snprintf(k->name, sizeof k->name, "%s", name);
  snprintf(k->imported_at, sizeof k->imported_at, "%s", imported_at ? imported_at : "");
  k->machines = machines, k->sessions = sessions, k->exams = exams;
  return EML_OK;
}

/* The list of the stored campaigns into h, once. */
static eml_status campaigns_list(srv_cache *c, const char *db, srv_hold *h, eml_diag *d) {
  if (h->has_campaigns)
    return EML_OK;
  eml_store *store = NULL;
  eml_status st = eml_store_open(db, EML_STORE_READ_ONLY, &store, d);
  if (!st)
    st = eml_store_imaging_each(store, add_campaign, h, d);
  eml_store_close(store);
  if (c)
    atomic_fetch_add(&c->reads, 1);
  if (st) {
    free(h->campaigns);
    h->campaigns = NULL;
    h->ncampaigns = 0;
  }
  h->has_campaigns = !st;
  return st;
}

eml_status srv_cache_campaigns(srv_cache *c, const char *db, const eml_store_stamp *v,
                               srv_hold **out, eml_diag *d) {
  *out = NULL;
  if (!v)
    c = NULL;
  srv_hold *h = hold_begin(c, v);
  eml_status st = h ? campaigns_list(c, db, h, d) : EML_ERR_NOMEM;
  *out = hold_end(c, h, st);
  return st;
}

const srv_campaign_info *srv_hold_campaigns(const srv_hold *h, size_t *n) {
  *n = h->ncampaigns;
  return h->campaigns;
}

/* The stored campaign name computed as `eml imaging report|machine
 * --campaign NAME` computes it: the library's loader (the campaign and the
 * register's sites of the store), the indicators with the default options,
 * every machine's heat map; the exams then freed (the result and the grids
 * keep what they need). */
static eml_status campaign_compute(const char *db, const char *name, srv_campaign **out,
                                   eml_diag *d) {
  srv_campaign *k = calloc(1, sizeof *k);
  if (!k)
    return EML_ERR_NOMEM;
  snprintf(k->name, sizeof k->name, "%s", name);
  eml_imaging_source src;
  eml_imaging_source_init(&src);
  src.db = db;
  src.campaign = k->name;
  eml_status st = eml_imaging_source_load(&src, NULL, &k->in, d);
  if (!st)
    st = eml_imaging_compute(k->in.campaign, &src.opts, &k->result, d);
  if (!st)
    st = eml_imaging_activity_compute(k->in.campaign, k->result, -1, &k->activity);
  eml_imaging_campaign_free(k->in.campaign);
  k->in.campaign = NULL;
  if (st) {
    campaign_free(k);
    return st;
  }
  *out = k;
  return EML_OK;
}

eml_status srv_cache_campaign(srv_cache *c, const char *db, const eml_store_stamp *v,
                              const char *name, srv_hold **out, const srv_campaign **campaign,
                              eml_diag *d) {
  *out = NULL;
  *campaign = NULL;
  if (!v)
    c = NULL;
  srv_hold *h = hold_begin(c, v);
  eml_status st = h ? campaigns_list(c, db, h, d) : EML_ERR_NOMEM;
  int stored = 0;
  for (size_t i = 0; !st && i < h->ncampaigns && !stored; i++)
    stored = strcmp(h->campaigns[i].name, name) == 0;
  const srv_campaign *found = NULL;
  for (size_t i = 0; !st && stored && i < h->ncomputed && !found; i++)
    if (strcmp(h->computed[i]->name, name) == 0)
      found = h->computed[i];
  if (!st && stored && !found) {
    srv_campaign *k = NULL;
    st = campaign_compute(db, name, &k, d);
    if (c)
      atomic_fetch_add(&c->reads, 1);
    if (!st && h->ncomputed == SRV_CAMPAIGNS_KEPT) {
      /* the hold is full: a hold of this request alone, freed when it is
       * released (a cache NULL's hold) */
      srv_hold *own = calloc(1, sizeof *own);
      if (!own) {
        campaign_free(k);
        st = EML_ERR_NOMEM;
      } else {
        own->refs = 1;
        own->computed[own->ncomputed++] = k;
        found = k;
        if (c)
          release_locked(h);
        else
          hold_free(h);
        h = own;
      }
    } else if (!st) {
      h->computed[h->ncomputed++] = k;
      found = k;
    }
  }
  *out = hold_end(c, h, st);
  *campaign = st ? NULL : found;
  return st;
}

const eml_rt_data *srv_hold_rt(const srv_hold *h) { return h->rt; }
int srv_hold_rt_year(const srv_hold *h) { return h->rt_year; }

/* The default year: the one with the most stored passages (a generated or
 * exported year often spills a few passages into the next one, which is
 * not the year meant); the latest of equals; 0 when no passage. */
static void main_year(srv_hold *h) {
  enum { YEARS_MAX = 64 };
  const eml_rt_data *data = h->rt;
  int years[YEARS_MAX];
  long counts[YEARS_MAX];
  size_t n = 0;
  for (size_t i = 0; i < data->n_sessions; i++) {
    int y, m, dd;
    eml_date_to_civil(eml_paris_date(data->sessions[i].start), &y, &m, &dd);
    size_t k = 0;
    while (k < n && years[k] != y)
      k++;
    if (k == n) {
      if (n == YEARS_MAX)
        continue; /* beyond 64 distinct years: not counted */
      years[n] = y;
      counts[n++] = 0;
    }
    counts[k]++;
  }
  int best = 0;
  long best_count = 0;
  for (size_t k = 0; k < n; k++)
    if (counts[k] > best_count || (counts[k] == best_count && years[k] > best)) {
      best = years[k];
      best_count = counts[k];
    }
  h->rt_year = best;
}

/* ---- the answers ------------------------------------------------------------ */

int srv_cache_get(srv_cache *c, const eml_store_stamp *v, const char *key, srv_response *out) {
  int hit = 0;
  pthread_mutex_lock(&c->answer_lock);
  if (eml_store_stamp_equal(&c->answers_stamp, v))
    for (size_t i = 0; i < c->nanswers && !hit; i++) {
      const srv_entry *e = &c->answers[i];
      if (strcmp(e->key, key) != 0)
        continue;
      out->body = malloc(e->len + 1);
      if (!out->body)
        break;
      memcpy(out->body, e->body, e->len + 1); /* with the NUL the makers end it with */
      out->len = e->len;
      out->status = e->status;
      out->content_type = e->content_type;
      memcpy(out->filename, e->filename, sizeof out->filename);
      hit = 1;
    }
  pthread_mutex_unlock(&c->answer_lock);
  return hit;
}

void srv_cache_put(srv_cache *c, const eml_store_stamp *v, const char *key,
                   const srv_response *resp) {
  if (resp->status >= 500 || !resp->body || resp->len > SRV_CACHE_BYTES / 4)
    return;
  srv_entry e = {strdup(key), resp->status, resp->content_type, malloc(resp->len + 1), resp->len, {0}};
  if (!e.key || !e.body) {
    entry_free(&e);
    return;
  }
  memcpy(e.body, resp->body, resp->len);
  e.body[resp->len] = '\0';
  memcpy(e.filename, resp->filename, sizeof e.filename);
  pthread_mutex_lock(&c->answer_lock);
  if (!eml_store_stamp_equal(&c->answers_stamp, v)) {
    answers_drop(c);
    c->answers_stamp = *v;
  }
  size_t drop = 0; /* the oldest, until the new one fits */
  while (drop < c->nanswers &&
         (c->nanswers - drop >= SRV_CACHE_ENTRIES || c->answer_bytes + e.len > SRV_CACHE_BYTES)) {
    c->answer_bytes -= c->answers[drop].len;
    entry_free(&c->answers[drop++]);
  }
  memmove(c->answers, c->answers + drop, (c->nanswers - drop) * sizeof c->answers[0]);
  c->nanswers -= drop;
  c->answers[c->nanswers++] = e;
  c->answer_bytes += e.len;
  pthread_mutex_unlock(&c->answer_lock);
}

long srv_cache_computed(srv_cache *c, int add) {
  return atomic_fetch_add(&c->computed, add) + add;
}

long srv_cache_reads(srv_cache *c) { return atomic_load(&c->reads); }
