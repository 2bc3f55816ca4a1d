/*
 * test_rt_fixture.h — what the radiotherapy unit tests share: the headers
 * of the five files, a loader of five in-memory CSV texts into an
 * eml_rt_data (rejects collected, formatted), and a growable text to build
 * fixtures of hundreds of rows with a loop. Valid FINESS numbers (Luhn key
 * checked by eml_finess_validate): 750100000, 920100013, 930100029,
 * 940100035, 750100042.
 */
#ifndef EML_TEST_RT_FIXTURE_H
#define EML_TEST_RT_FIXTURE_H

#include "test_helpers.h"

#include <stdio.h>
#include <stdlib.h>

#define CENTRES_HDR                                                                            \
  "finess,name,territory,teaching,single_machine_case,ct_simulation,conventional_dosimetry,"  \
  "dosimetry_3d,imaging_access_h,network,hdr_oncologist,hdr_physicist,cooperation_agreement\n"
#define MACHINES_HDR                                                                           \
  "machine_id,finess,kind,photon_mv,electrons,mlc,portal_imaging,imrt,in_vivo_dosimetry,"     \
  "parameter_control,in_service_from,in_service_until\n"
#define STAFF_HDR "finess,year,role,fte\n"
#define COURSES_HDR                                                                            \
  "course_id,patient_id,finess,pathology,modality,technique,started_on,closed_on,continues\n"
#define SESSIONS_HDR "patient_id,course_id,machine_id,start,fields,inpatient\n"

/* A conforming general centre and its two accelerators 6/18 MV. */
#define CENTRE_A "750100000,Centre A,75,0,,1,1,on_site,7,1,0,0,0\n"
#define LINACS_A                                                                               \
  "L1,750100000,LINAC,6;18,1,1,1,0,1,1,2015-01-01,\n"                                          \
  "L2,750100000,LINAC,6;18,1,1,1,0,1,1,2015-01-01,\n"

__attribute__((unused)) static const unsigned char rt_key_a[EML_RT_KEY_BYTES] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
                                                         12, 13, 14, 15, 16, 17, 18, 19, 20,
                                                         21, 22, 23, 24, 25, 26, 27, 28, 29,
                                                         30, 31, 32};
__attribute__((unused)) static const unsigned char rt_key_b[EML_RT_KEY_BYTES] = {32, 31, 30, 29, 28, 27, 26, 25, 24,
                                                         23, 22, 21, 20, 19, 18, 17, 16, 15,
                                                         14, 13, 12, 11, 10, 9, 8, 7, 6, 5,
                                                         4, 3, 2, 1};

/* The rejects of the last rt_load: formatted diagnostics and raw rows. */
typedef struct rt_rejects {
  int count;
  char message[16][400];
  char raw[16][400];
} rt_rejects;
static rt_rejects rt_last_rejects;

static inline void rt_collect(void *ctx, const eml_diag *d, const char *raw, size_t len) {
  rt_rejects *r = ctx;
  if (r->count < 16) {
    eml_diag_format(d, r->message[r->count], sizeof r->message[0]);
    snprintf(r->raw[r->count], sizeof r->raw[0], "%.*s", (int)len, raw);
  }
  r->count++;
}

/* Loads the five texts (NULL = header only) with key; asserts that every
 * file could be read (rows may be rejected: see rt_last_rejects). */
static inline eml_rt_data *rt_load_key(const char *centres, const char *machines, const char *staff,
                                const char *courses, const char *sessions,
                                const unsigned char *key) {
  const char *texts[EML_RT_FILE_COUNT] = {centres, machines, staff, courses, sessions};
  const char *headers[EML_RT_FILE_COUNT] = {CENTRES_HDR, MACHINES_HDR, STAFF_HDR, COURSES_HDR,
                                            SESSIONS_HDR};
  memset(&rt_last_rejects, 0, sizeof rt_last_rejects);
  eml_rt_data *d = eml_rt_data_new(key);
  assert_non_null(d);
  for (int f = 0; f < EML_RT_FILE_COUNT; f++) {
    const char *text = texts[f] ? texts[f] : headers[f];
    eml_csv_reader *r = NULL;
    eml_diag diag;
    eml_diag_clear(&diag);
    assert_int_equal(eml_csv_open_memory(eml_rt_file_name((eml_rt_file)f), text, strlen(text),
                                         NULL, &r, &diag),
                     EML_OK);
    eml_read_hooks hooks = {rt_collect, NULL, &rt_last_rejects};
    eml_status st = eml_rt_read(d, (eml_rt_file)f, r, &hooks, &diag);
    eml_csv_close(r);
    assert_int_equal(st, EML_OK);
  }
  return d;
}

static inline eml_rt_data *rt_load(const char *centres, const char *machines, const char *staff,
                            const char *courses, const char *sessions) {
  return rt_load_key(centres, machines, staff, courses, sessions, rt_key_a);
}

/* A text grown with printf, for fixtures written by a loop. */
typedef struct rt_text {
  eml_buf buf;
} rt_text;

static inline void rt_text_init(rt_text *t, const char *start) {
  eml_buf_init(&t->buf, 64u << 20);
  assert_int_equal(eml_buf_append(&t->buf, start, strlen(start)), EML_OK);
}

__attribute__((format(printf, 2, 3))) static inline void rt_text_add(rt_text *t, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  assert_int_equal(eml_buf_vprintf(&t->buf, fmt, ap), EML_OK);
  va_end(ap);
}

/* n external courses at centre finess, one patient each, closed on
 * 2024-06-14; the first `special` use a special technique (SRS). */
static inline void rt_add_courses(rt_text *t, const char *finess, int n, int special, const char *modality) {
  for (int i = 0; i < n; i++)
    rt_text_add(t, "%s-%s-%d,P-%s-%s-%d,%s,C50.9,%s,%s,2024-05-02,2024-06-14,\n", finess,
                modality, i, finess, modality, i, finess, modality, i < special ? "SRS" : "STANDARD");
}

#endif
