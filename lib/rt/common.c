/*
 * common.c — helpers shared by the radiotherapy files: energies as text,
 * and what "in service in year Y" means: a machine
 * is in service from in_service_from to in_service_until, both days included
 * (spec radiotherapy.md, "Machine-years").
 */
#include "rt_internal.h"

#include <stdlib.h>
#include <string.h>

void rt_format_mv(char *buf, size_t size, double mv) {
  eml_number_format(mv, mv == (double)(long)mv ? 0 : 2, 0, buf, size);
}

const char *rt_yes_no(int b) { return b ? _("OUI") : _("NON"); }

void rt_energies_text(const eml_rt_machine *m, char *buf, size_t size) {
  size_t len = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < m->photon_count && len + 1 < size; i++) {
    char one[32];
    rt_format_mv(one, sizeof one, m->photon_mv[i]);
    int n = snprintf(buf + len, size - len, "%s%s", i ? "/" : "", one);
    len = n < 0 ? size : len + (size_t)n;
  }
}

int rt_days_in_year(int year) {
  return (int)(eml_date_from_civil(year + 1, 1, 1) - eml_date_from_civil(year, 1, 1));
}

int rt_in_service_on(const eml_rt_machine *m, eml_date d) {
  return d >= m->in_service_from && (!m->has_until || d <= m->in_service_until);
}

int rt_days_in_service(const eml_rt_machine *m, int year) {
  eml_date first = eml_date_from_civil(year, 1, 1);
  eml_date last = eml_date_from_civil(year, 12, 31);
  if (m->in_service_from > first)
    first = m->in_service_from;
  if (m->has_until && m->in_service_until < last)
    last = m->in_service_until;
  return last >= first ? (int)(last - first + 1) : 0;
}

int rt_is_high_energy(const eml_rt_machine *m) {
  return m->kind == EML_RT_LINAC || m->kind == EML_RT_COBALT;
}
