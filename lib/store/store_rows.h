/*
 * store_rows.h — a stored row of the register, given as the texts of its
 * columns (NULL for SQL NULL), into the register's structs: the one reading
 * of each kind, whatever backend the texts come from (pg.c reads every
 * column as text; a SQLite row reads the same way).
 *
 * The codes were written by eml (eml_modality_code, eml_activity_code...):
 * they parse. A store of a newer eml with more codes has a newer schema,
 * which eml_store_open refuses before anything is read.
 */
#ifndef EML_STORE_ROWS_H
#define EML_STORE_ROWS_H

#include "internal.h"

/* The kinds of rows of the register, in the order load_register reads
 * them, and the number of columns of each (the SELECTs of the backends). */
typedef enum {
  EML_STORED_SITE = 0,      /* finess, name, territory, legal_status, finess_ej */
  EML_STORED_EQUIPMENT,     /* EQUIPMENT_COLUMNS (8) */
  EML_STORED_TARGET,        /* period, territory, modality, unit, low, high,
                            interventional_low, interventional_high, mention */
  EML_STORED_TERRITORY,     /* code, name, region */
  EML_STORED_NOTE,          /* territory, modality, unit, receivable, mark, note,
                            rule, allowance */
  EML_STORED_AUTHORISATION, /* AUTHORISATION_COLUMNS (9) */
  EML_STORED_DEVICE,        /* DECLARED_DEVICE_COLUMNS (7) */
  EML_STORED_CONVENTION,    /* finess, partner_finess, modality, from_on, until */
  EML_STORED_WINDOW,        /* activity, opens_on, closes_on, published_on */
  EML_STORED_KINDS
} eml_stored_kind;

/* The columns of a device (table equipment as e), an authorisation and a
 * declared device, in the order eml_stored_equipment,
 * eml_stored_authorisation and eml_stored_declared_device read them (and
 * the backends bind them): the SELECTs of both backends name them so. */
#define EQUIPMENT_COLUMNS                                                                     \
  "e.equipment_id, e.finess, e.modality, e.interventional, e.authorized_from,"               \
  " e.authorized_until, e.installed_on, e.due_on"
#define AUTHORISATION_COLUMNS                                                                 \
  "authorisation_id, finess, finess_ej, activity, mention, decided_on, started_on, until, due_on"
#define DECLARED_DEVICE_COLUMNS                                                               \
  "equipment_id, authorisation_id, modality, declared_on, installed_on, removed_on, justified"

/* Capacities of the register's arrays while they are filled. */
typedef struct eml_stored_caps {
  size_t cap[EML_STORED_KINDS];
} eml_stored_caps;

/* Appends the row of that kind to the register. EML_ERR_NOMEM when a copy
 * fails (the register is freed by the caller). */
eml_status eml_stored_add(eml_register *r, eml_stored_caps *caps, eml_stored_kind kind,
                       const char *const *col) EML_MUST_CHECK;

/* One row into one struct (the lookups of one row); the strings the struct
 * owns are malloc'd, freed by the caller even on failure. */
eml_status eml_stored_site(const char *const *col, eml_site *x) EML_MUST_CHECK;
eml_status eml_stored_equipment(const char *const *col, eml_equipment *x) EML_MUST_CHECK;
eml_status eml_stored_authorisation(const char *const *col, eml_authorisation *x) EML_MUST_CHECK;
eml_status eml_stored_declared_device(const char *const *col, eml_declared_device *x)
    EML_MUST_CHECK;
/* A stored ISO date: 1 and *out when there is one, 0 for NULL. */
int eml_stored_date(const char *text, eml_date *out);

/* Imaging campaigns: the loading counts of the three files as the one
 * stored text, and back to the builder. */
void eml_stored_counts_text(const eml_campaign_reader *c, char *buf, size_t size);
void eml_stored_counts_parse(const eml_campaign_builder *c, const char *text);

/* A value of a campaign's stored row, as a backend binds or reads it: a
 * backend that reads every cell as text (pg_imaging.c) gives numbers as
 * EML_VALUE_TEXT, which the reading below parses (exact: the texts of
 * doubles have 17 significant digits). */
typedef enum { EML_VALUE_NULL = 0, EML_VALUE_INT, EML_VALUE_REAL, EML_VALUE_TEXT } eml_value_type;
typedef struct eml_stored_value {
  eml_value_type type;
  int64_t i;
  double d;
  const char *s;
} eml_stored_value;

/* The kinds of a campaign's rows, in the order they are saved and loaded. */
enum { EML_CAMPAIGN_MACHINE = 0, EML_CAMPAIGN_SESSION, EML_CAMPAIGN_EXAM, EML_CAMPAIGN_KINDS };
#define EML_CAMPAIGN_VALUES_MAX 6 /* an exam: machine, start, end, class, icr, delay */

/* The statements of a campaign's rows, one text for both backends: $1 is
 * the campaign, $2... the values (PostgreSQL's $N; SQLite numbers $N
 * parameters in the order they appear, which is N). A machine's insert
 * takes the values of eml_stored_campaign_rows; a block's: kind, seq,
 * format, rows, data (see the blocks below). The SELECTs give the columns
 * in the order eml_stored_feed_row and eml_stored_feed_block read them. */
#define EML_CAMPAIGN_MACHINE_INSERT                                                          \
  "INSERT INTO imaging_machine(campaign, idx, equipment_id, finess, modality)"               \
  " VALUES($1, $2, $3, $4, $5)"
#define EML_CAMPAIGN_BLOCK_INSERT                                                            \
  "INSERT INTO imaging_block(campaign, kind, seq, format, n, data)"                          \
  " VALUES($1, $2, $3, $4, $5, $6)"
#define EML_CAMPAIGN_MACHINE_SELECT                                                          \
  "SELECT equipment_id, finess, modality FROM imaging_machine WHERE campaign = $1"          \
  " ORDER BY idx"
#define EML_CAMPAIGN_BLOCK_SELECT                                                            \
  "SELECT kind, format, n, data FROM imaging_block WHERE campaign = $1 ORDER BY kind, seq"
/* fn(ctx, kind, v, n) for each machine of the campaign (the sessions and
 * exams go by blocks, below), with the values of its insert's $2..$n+1;
 * the first failure of fn stops and is returned (EML_ERR_NOMEM: no room
 * for a batch). The texts live until fn returns. */
typedef eml_status (*eml_stored_row_fn)(void *ctx, int kind, const eml_stored_value *v, int n);
eml_status eml_stored_campaign_rows(const eml_campaign_reader *c, eml_stored_row_fn fn,
                                    void *ctx) EML_MUST_CHECK;

/* Sessions and exams packed by blocks (table imaging_block, migration
 * 11 -> 12; issue 17): one row per block of EML_CAMPAIGN_BLOCK_ROWS rows
 * of one kind, in the order of the campaign, instead of one SQL row per
 * exam (a national year: 19.4 M), whose per-row work was most of the
 * import and of the loading. A block is its rows end to end, each of
 * fixed size, every number big-endian (PostgreSQL's int4send / int8send /
 * float8send write the same bytes, which its migration uses):
 *   session (17 bytes): machine u32, start i64 (seconds since 1970),
 *     end - start u32, type u8 (the order of EML_SESSION_TYPE_LIST);
 *   exam (29 bytes): machine u32, start i64, end - start u32, class u8
 *     (A H R U: eml_patient_class), icr f64 (EML_CAMPAIGN_NO_ICR when
 *     none), report_delay_s i32 (EML_CAMPAIGN_NO_REPORT when none).
 * The format number is stored with each block: a reader refuses one it
 * does not know (a new layout is a new number, the old one still read). */
#define EML_CAMPAIGN_BLOCK_FORMAT 1
#define EML_CAMPAIGN_BLOCK_ROWS 65536
#define EML_CAMPAIGN_SESSION_BYTES 17
#define EML_CAMPAIGN_EXAM_BYTES 29
/* Bytes of one packed row of kind (EML_CAMPAIGN_SESSION or _EXAM). */
size_t eml_stored_row_bytes(int kind);
/* One row packed into p (eml_stored_row_bytes(kind) bytes); EML_ERR_VALUE
 * when it does not fit the format (end not after start by 1 ... 2^32 - 1
 * seconds, a machine index past 2^32 - 1). */
eml_status eml_stored_pack_session(unsigned char *p, const eml_campaign_session *s) EML_MUST_CHECK;
eml_status eml_stored_pack_exam(unsigned char *p, const eml_campaign_exam *e) EML_MUST_CHECK;
/* fn(ctx, kind, seq, rows, data, bytes) for each block of the campaign's
 * sessions then exams (seq from 0 within a kind); the first failure of fn
 * stops and is returned (EML_ERR_NOMEM: no room for a block). */
typedef eml_status (*eml_stored_block_fn)(void *ctx, int kind, size_t seq, size_t rows,
                                          const unsigned char *data, size_t bytes);
eml_status eml_stored_campaign_blocks(const eml_campaign_reader *c, eml_stored_block_fn fn,
                                      void *ctx) EML_MUST_CHECK;

/* A row of the tables before migration 11 -> 12 (v: machine, start, end,
 * code, then for an exam icr, report_delay_s, as eml_stored_value) packed
 * into p, for the SQLite migration; EML_ERR_VALUE for a damaged row. */
eml_status eml_stored_pack_row(int kind, const eml_stored_value *v, unsigned char *p)
    EML_MUST_CHECK;

/* A campaign read back, given to its builder: begin (EML_ERR_NOMEM), one
 * eml_stored_feed_row per machine in the order saved with the columns of
 * EML_CAMPAIGN_MACHINE_SELECT (equipment_id, finess, modality), then one
 * eml_stored_feed_block per block (sessions, then exams, each in seq
 * order), eml_stored_feed_end to free (it returns the load's status, a
 * damaged row named: EML_ERR_STORE). */
typedef struct eml_stored_feed {
  const eml_campaign_builder *c;
  union eml_campaign_batch *batch;
  int kind; /* of the last rows given */
} eml_stored_feed;
/* sessions, exams: the campaign's counts as saved (its builder's reserve
 * hint). */
eml_status eml_stored_feed_begin(eml_stored_feed *f, const eml_campaign_builder *c,
                                 int64_t sessions, int64_t exams) EML_MUST_CHECK;
eml_status eml_stored_feed_row(eml_stored_feed *f, int kind, const eml_stored_value *v)
    EML_MUST_CHECK;
/* One block of rows (sessions or exams, after the machines) to the
 * builder: EML_ERR_VALUE for a format not known, a size that is not rows
 * rows of the kind, or a row the builder refuses (a damaged store). */
eml_status eml_stored_feed_block(eml_stored_feed *f, int kind, int64_t format, int64_t rows,
                                 const void *data, size_t bytes) EML_MUST_CHECK;
eml_status eml_stored_feed_end(eml_stored_feed *f, eml_status st, const char *path,
                               const char *name, eml_diag *diag) EML_MUST_CHECK;
/* No campaign of that name in the store of path: EML_ERR_NOT_FOUND. */
eml_status eml_stored_campaign_unknown(const char *path, const char *name, eml_diag *diag)
    EML_MUST_CHECK;

#endif
