/*
 * register.c — the vocabulary of the register (registry.md): modalities
 * with their aliases, units, legal statuses; the in-memory register and the
 * rule "in force at D".
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
  const char *code, *title, *aliases;
} modalities[EML_MODALITY_COUNT] = {
#define EML_MODALITY_ROW(id, code, title, aliases) [id] = {code, title, aliases},
    EML_MODALITY_LIST(EML_MODALITY_ROW)
#undef EML_MODALITY_ROW
};

/* ASCII case-insensitive equality of (s, len) with the word [w, w + wlen). */
static int word_equal(const char *s, size_t len, const char *w, size_t wlen) {
  return len == wlen && strncasecmp(s, w, len) == 0;
}

/* Is (s, len) one of the '|'-separated words of list? */
static int in_word_list(const char *s, size_t len, const char *list) {
  while (*list) {
    const char *bar = strchr(list, '|');
    size_t wlen = bar ? (size_t)(bar - list) : strlen(list);
    if (word_equal(s, len, list, wlen))
      return 1;
    list += wlen + (bar ? 1 : 0);
  }
  return 0;
}

static void trim(const char **s, size_t *len) {
  while (*len && (**s == ' ' || **s == '\t')) {
    (*s)++;
    (*len)--;
  }
  while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
    (*len)--;
}

eml_status eml_modality_parse(const char *s, size_t len, eml_modality *out) {
  trim(&s, &len);
  for (int i = 0; i < EML_MODALITY_COUNT; i++)
    if (word_equal(s, len, modalities[i].code, strlen(modalities[i].code)) ||
        in_word_list(s, len, modalities[i].aliases)) {
      *out = (eml_modality)i;
      return EML_OK;
    }
  return EML_ERR_VALUE;
}

const char *eml_modality_code(eml_modality m) {
  return m < EML_MODALITY_COUNT ? modalities[m].code : "?";
}

const char *eml_modality_title(eml_modality m) {
  return m < EML_MODALITY_COUNT ? modalities[m].title : "?";
}

eml_status eml_unit_parse(const char *s, size_t len, eml_unit *out) {
  trim(&s, &len);
  if (in_word_list(s, len, "devices|device|appareils|appareil")) {
    *out = EML_UNIT_DEVICES;
    return EML_OK;
  }
  if (in_word_list(s, len, "sites|site|implantations|implantation")) {
    *out = EML_UNIT_SITES;
    return EML_OK;
  }
  return EML_ERR_VALUE;
}

const char *eml_unit_code(eml_unit unit) { return unit == EML_UNIT_SITES ? "sites" : "devices"; }

eml_status eml_legal_status_parse(const char *s, size_t len, const char **canonical) {
  static const char *const statuses[] = {"CH",     "CHU", "CHU AP-HP", "CHU APHM", "EPSIC", "GCS",
                                         "GIE",    "HIA", "LIBERAL",   "PRIVE",    "AUTRE"};
  trim(&s, &len);
  for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
    if (word_equal(s, len, statuses[i], strlen(statuses[i]))) {
      *canonical = statuses[i];
      return EML_OK;
    }
  return EML_ERR_VALUE;
}

void eml_register_free(eml_register *r) {
  if (!r)
    return;
  for (size_t i = 0; i < r->nsites; i++)
    free(r->sites[i].name);
  for (size_t i = 0; i < r->nequipment; i++)
    free(r->equipment[i].id);
  for (size_t i = 0; i < r->ntargets; i++)
    free(r->targets[i].period);
  for (size_t i = 0; i < r->nterritories; i++) {
    free(r->territories[i].name);
    free(r->territories[i].region);
  }
  for (size_t i = 0; i < r->nnotes; i++) {
    free(r->notes[i].mark);
    free(r->notes[i].text);
  }
  free(r->sites);
  free(r->equipment);
  free(r->targets);
  free(r->territories);
  free(r->notes);
  memset(r, 0, sizeof *r);
}

static int cmp_site(const void *a, const void *b) {
  return strcmp(((const eml_site *)a)->finess, ((const eml_site *)b)->finess);
}

void eml_register_sort(eml_register *r) {
  if (r->nsites > 1)
    qsort(r->sites, r->nsites, sizeof *r->sites, cmp_site);
}

long eml_register_find_site(const eml_register *r, const char *finess) {
  size_t lo = 0, hi = r->nsites;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(r->sites[mid].finess, finess);
    if (c == 0)
      return (long)mid;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return -1;
}

int eml_equipment_in_force(const eml_equipment *e, eml_date at) {
  return e->authorized_from <= at && (!e->has_until || at < e->authorized_until);
}

int eml_register_territory_known(const eml_register *r, const char *code) {
  if (eml_territory_find(code))
    return 1; /* a built-in département */
  for (size_t i = 0; r && i < r->nterritories; i++)
    if (strcmp(r->territories[i].code, code) == 0)
      return 1;
  return 0;
}
