/*
 * rt_internal.h — what the radiotherapy files of libeml share (lib/rt/):
 * the string-to-index maps behind eml_rt_data (open addressing, FNV-1a),
 * French number formatting for the figures of the checks, and the
 * machine-in-service helpers. Names start with rt_.
 */
#ifndef EML_RT_INTERNAL_H
#define EML_RT_INTERNAL_H

#include "internal.h"
#include "eml/rt.h"

/* A map from a copied string key to an index; capacity a power of two. */
typedef struct rt_map {
  char **keys;
  size_t *values;
  size_t cap, count;
} rt_map;

/* EML_ERR_DUPLICATE when the key is there already (value left alone). */
eml_status rt_map_put(rt_map *map, const char *key, size_t value);
/* 1 and *value when found, else 0. */
int rt_map_get(const rt_map *map, const char *key, size_t *value);
void rt_map_free(rt_map *map);

struct eml_rt_index {
  rt_map centres, machines, courses;
};

/* v with `decimals` digits and a decimal comma ("2,4"). */
void rt_format_real(char *buf, size_t size, double v, int decimals);
/* An energy in MV: whole ("18") or with two decimals ("1,25"). */
void rt_format_mv(char *buf, size_t size, double mv);
/* The photon energies of a machine, "6/18" ("" for none). */
void rt_energies_text(const eml_rt_machine *m, char *buf, size_t size);

/* Days of year `year` during which machine m is in service (0 to 365/366). */
int rt_days_in_service(const eml_rt_machine *m, int year);
/* Whether m is in service on date d. */
int rt_in_service_on(const eml_rt_machine *m, eml_date d);
/* A high-energy machine: LINAC or COBALT (spec). */
int rt_is_high_energy(const eml_rt_machine *m);
int rt_days_in_year(int year);

#endif
