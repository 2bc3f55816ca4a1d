/*
 * sqlite.c — the SQLite backend of the store (store_internal.h).
 *
 * Schema: one migration per version in `migrations` (index i takes a store
 * from version i to i + 1), the version kept in PRAGMA user_version, every
 * migration in its own transaction. Dates are stored as ISO text
 * (YYYY-MM-DD), readable with any SQLite tool. Foreign keys are on; every
 * statement binds its values (no SQL is ever built from data). Statements
 * are prepared once per store and reused.
 */
#include "store_internal.h"
#include "store_rows.h"
#include "sqlite_rt_schema.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* How long a writer waits for another's write lock before "store busy". */
#define BUSY_TIMEOUT_MS 5000

static const char *const migrations[] = {
    /* 0 -> 1: the register and its audit log (registry.md) */
    "CREATE TABLE territory(code TEXT PRIMARY KEY, name TEXT NOT NULL, region TEXT);"
    "CREATE TABLE site(finess TEXT PRIMARY KEY, name TEXT NOT NULL, territory TEXT NOT NULL,"
    " legal_status TEXT NOT NULL, finess_ej TEXT);"
    "CREATE TABLE equipment(equipment_id TEXT PRIMARY KEY,"
    " finess TEXT NOT NULL REFERENCES site(finess), modality TEXT NOT NULL,"
    " interventional INTEGER NOT NULL DEFAULT 0, authorized_from TEXT NOT NULL,"
    " authorized_until TEXT, installed_on TEXT);"
    "CREATE INDEX equipment_site ON equipment(finess);"
    "CREATE TABLE target(period TEXT NOT NULL, territory TEXT NOT NULL, modality TEXT NOT NULL,"
    " unit TEXT NOT NULL, low INTEGER, high INTEGER NOT NULL, interventional_low INTEGER,"
    " interventional_high INTEGER, PRIMARY KEY(period, territory, modality, unit));"
    "CREATE TABLE note(id INTEGER PRIMARY KEY, territory TEXT NOT NULL, modality TEXT NOT NULL,"
    " unit TEXT NOT NULL, receivable TEXT NOT NULL, mark TEXT NOT NULL, note TEXT NOT NULL,"
    " UNIQUE(territory, modality, unit, note));"
    "CREATE TABLE audit(id INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT NOT NULL,"
    " action TEXT NOT NULL, entity TEXT NOT NULL, key TEXT, before TEXT, after TEXT);",
    /* 1 -> 2: radiotherapy (radiotherapy.md, lib/store/sqlite_rt.c) */
    EML_SQLITE_RT_SCHEMA,
    /* 2 -> 3: the FINESS extractions (finess.md): a device's due date
     * (datefin), each site's FINESS record and coordinates, each FINESS
     * authorisation and the device it is */
    "ALTER TABLE equipment ADD COLUMN due_on TEXT;"
    "CREATE TABLE finess_site(nofinesset TEXT PRIMARY KEY REFERENCES site(finess),"
    " nofinessej TEXT, rs TEXT, rslongue TEXT, complrs TEXT, compldistrib TEXT,"
    " numvoie TEXT, typvoie TEXT, voie TEXT, compvoie TEXT, lieuditbp TEXT,"
    " commune TEXT, departement TEXT, libdepartement TEXT, ligneacheminement TEXT,"
    " telephone TEXT, telecopie TEXT, categetab TEXT, libcategetab TEXT,"
    " categagretab TEXT, libcategagretab TEXT, siret TEXT, codeape TEXT,"
    " codemft TEXT, libmft TEXT, codesph TEXT, libsph TEXT, dateouv TEXT,"
    " dateautor TEXT, datemaj TEXT,"
    " coord_x REAL, coord_y REAL, coord_source TEXT, coord_updated TEXT);"
    "CREATE TABLE finess_device(authorisation TEXT PRIMARY KEY,"
    " equipment_id TEXT NOT NULL UNIQUE REFERENCES equipment(equipment_id),"
    " record TEXT NOT NULL, flag TEXT, seen INTEGER NOT NULL DEFAULT 0);",
    /* 3 -> 4: imaging campaigns (imaging.md "Two ways in",
     * lib/store/sqlite_imaging.c): times as absolute seconds since 1970 */
    "CREATE TABLE imaging_campaign(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    " imported_at TEXT NOT NULL, machines INTEGER NOT NULL, sessions INTEGER NOT NULL,"
    " exams INTEGER NOT NULL, load_counts TEXT NOT NULL);"
    "CREATE TABLE imaging_machine(campaign INTEGER NOT NULL REFERENCES imaging_campaign(id)"
    " ON DELETE CASCADE, idx INTEGER NOT NULL, equipment_id TEXT NOT NULL, finess TEXT,"
    " modality TEXT NOT NULL, PRIMARY KEY(campaign, idx));"
    "CREATE TABLE imaging_session(campaign INTEGER NOT NULL REFERENCES imaging_campaign(id)"
    " ON DELETE CASCADE, machine INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,"
    " type TEXT NOT NULL);"
    "CREATE INDEX imaging_session_campaign ON imaging_session(campaign);"
    "CREATE TABLE imaging_exam(campaign INTEGER NOT NULL REFERENCES imaging_campaign(id)"
    " ON DELETE CASCADE, machine INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,"
    " class TEXT NOT NULL, icr REAL, report_delay_s INTEGER);"
    "CREATE INDEX imaging_exam_campaign ON imaging_exam(campaign);",
    /* 4 -> 5: the 2023 regime (spec regime-2023.md, docs/regime-2023.md):
     * site authorisations of an activity, the devices declared under them,
     * the conventions of single-type sites, the filing windows; a target
     * gets a mention ('' = every mention of the activity; a device-modality
     * row keeps '') and the mention joins its key, so the table is rebuilt */
    "CREATE TABLE authorisation(authorisation_id TEXT PRIMARY KEY,"
    " finess TEXT NOT NULL REFERENCES site(finess), finess_ej TEXT, activity TEXT NOT NULL,"
    " mention TEXT NOT NULL DEFAULT '', decided_on TEXT NOT NULL, started_on TEXT, until TEXT,"
    " due_on TEXT);"
    "CREATE INDEX authorisation_site ON authorisation(finess);"
    "CREATE TABLE declared_device(equipment_id TEXT PRIMARY KEY,"
    " authorisation_id TEXT NOT NULL REFERENCES authorisation(authorisation_id),"
    " modality TEXT NOT NULL, declared_on TEXT NOT NULL, installed_on TEXT, removed_on TEXT,"
    " justified INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX declared_device_authorisation ON declared_device(authorisation_id);"
    "CREATE TABLE convention(finess TEXT NOT NULL REFERENCES site(finess),"
    " partner_finess TEXT NOT NULL, modality TEXT NOT NULL, from_on TEXT NOT NULL, until TEXT,"
    " PRIMARY KEY(finess, partner_finess, modality, from_on));"
    "CREATE TABLE filing_window(activity TEXT NOT NULL, opens_on TEXT NOT NULL,"
    " closes_on TEXT NOT NULL, published_on TEXT, PRIMARY KEY(activity, opens_on));"
    "CREATE TABLE target_5(period TEXT NOT NULL, territory TEXT NOT NULL,"
    " modality TEXT NOT NULL, unit TEXT NOT NULL, mention TEXT NOT NULL DEFAULT '',"
    " low INTEGER, high INTEGER NOT NULL, interventional_low INTEGER,"
    " interventional_high INTEGER, PRIMARY KEY(period, territory, modality, unit, mention));"
    "INSERT INTO target_5(period, territory, modality, unit, low, high, interventional_low,"
    " interventional_high) SELECT period, territory, modality, unit, low, high,"
    " interventional_low, interventional_high FROM target;"
    "DROP TABLE target;"
    "ALTER TABLE target_5 RENAME TO target;",
    /* 5 -> 6: a radiotherapy centre's single-accelerator derogation of the
     * 2023 regime (radiotherapy.md, regime-2023.md; rt_centres.csv columns
     * derogation and derogation_source) */
    ("ALTER TABLE rt_centre ADD COLUMN derogation INTEGER NOT NULL DEFAULT 0;"
     "ALTER TABLE rt_centre ADD COLUMN derogation_source TEXT NOT NULL DEFAULT '';"),
    /* 6 -> 7: the machine a radiotherapy machine replaces (radiotherapy.md,
     * rt_machines.csv column replaces: a renewal makes an overload
     * temporary, 2.1.1.1) */
    "ALTER TABLE rt_machine ADD COLUMN replaces TEXT NOT NULL DEFAULT '';",
    /* 7 -> 8: the radiotherapy tables in compact form, the stored rows
     * converted (issue 17; lib/store/sqlite_rt_schema.h) */
    EML_SQLITE_RT_COMPACT,
    /* 8 -> 9: the rule a note carries (notes.csv columns rule and
     * allowance; issue 14 item 1, docs/register.md "Notes") */
    ("ALTER TABLE note ADD COLUMN rule TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE note ADD COLUMN allowance INTEGER NOT NULL DEFAULT 0;"),
    /* 9 -> 10: the radiotherapy passages packed by blocks (issue 17;
     * lib/store/sqlite_rt_schema.h) */
    EML_SQLITE_RT_PACKED,
    /* 10 -> 11: the accounts of the dashboard (issue 16 item 3,
     * eml/account.h, docs/security.md "Accounts and roles") */
    "CREATE TABLE users(name TEXT PRIMARY KEY, role TEXT NOT NULL, finess TEXT NOT NULL"
    " DEFAULT '', hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL,"
    " updated TEXT NOT NULL);",
    /* 11 -> 12: the sessions and exams of imaging campaigns packed by
     * blocks (issue 17; the format: lib/store/store_rows.h), the stored rows
     * converted, one block per campaign and kind */
    "CREATE TABLE imaging_block(campaign INTEGER NOT NULL REFERENCES imaging_campaign(id)"
    " ON DELETE CASCADE, kind INTEGER NOT NULL, seq INTEGER NOT NULL, format INTEGER NOT NULL,"
    " n INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(campaign, kind, seq));"
    "INSERT INTO imaging_block SELECT campaign, 1, 0, 1, count(*),"
    " eml_imaging_pack_sessions(rowid, machine, start, \"end\", type) FROM imaging_session"
    " GROUP BY campaign;"
    "INSERT INTO imaging_block SELECT campaign, 2, 0, 1, count(*),"
    " eml_imaging_pack_exams(rowid, machine, start, \"end\", class, icr, report_delay_s)"
    " FROM imaging_exam GROUP BY campaign;"
    "DROP TABLE imaging_session;"
    "DROP TABLE imaging_exam;",
    /* 12 -> 13: a site's FINESS record as one value (issue 17, store.h:
     * one parameter per new site, one column compared per stored one),
     * the stored rows converted */
    "CREATE TABLE finess_site13(nofinesset TEXT PRIMARY KEY REFERENCES site(finess),"
    " record TEXT NOT NULL, coord_x REAL, coord_y REAL, coord_source TEXT, coord_updated TEXT);"
    "INSERT INTO finess_site13 SELECT nofinesset, " EML_FINESS_RECORD_SQL ", coord_x, coord_y,"
    " coord_source, coord_updated FROM finess_site;"
    "DROP TABLE finess_site;"
    "ALTER TABLE finess_site13 RENAME TO finess_site;",
};
#define MIGRATION_COUNT ((int)(sizeof migrations / sizeof migrations[0]))

enum {
  Q_HAS_SITE,
  Q_HAS_EQUIPMENT,
  Q_HAS_TARGET,
  Q_HAS_TERRITORY,
  Q_HAS_NOTE,
  Q_INSERT_SITE,
  Q_INSERT_EQUIPMENT,
  Q_INSERT_TARGET,
  Q_INSERT_TERRITORY,
  Q_INSERT_NOTE,
  Q_AUDIT,
  Q_FIND_SITE,
  Q_UPDATE_SITE,
  Q_UPDATE_EQUIPMENT,
  Q_FINESS_PUT_SITE,
  Q_FINESS_PUT_LOCATION,
  Q_FINESS_FIND_DEVICE,
  Q_FINESS_PUT_DEVICE,
  Q_HAS_AUTHORISATION,
  Q_HAS_DECLARED_DEVICE,
  Q_HAS_CONVENTION,
  Q_WINDOW_OVERLAPS,
  Q_INSERT_AUTHORISATION,
  Q_INSERT_DECLARED_DEVICE,
  Q_INSERT_CONVENTION,
  Q_INSERT_WINDOW,
  Q_FIND_AUTHORISATION,
  Q_UPDATE_AUTHORISATION,
  Q_FIND_DECLARED_DEVICE,
  Q_UPDATE_DECLARED_DEVICE,
  Q_REMOVE_DECLARED_DEVICE,
  Q_UPDATE_TARGET,
  Q_COUNT
};

#define FINESS_SITE_COLUMNS "nofinesset, record, coord_x, coord_y, coord_source, coord_updated"
#define COORD_CHANGED(name) "finess_site." #name " IS NOT excluded." #name
#define COORD_UPDATE(name)                                                                    \
  #name " = CASE WHEN excluded.coord_x IS NULL THEN finess_site." #name " ELSE excluded." #name \
  " END"

static const char *const queries[Q_COUNT] = {
    [Q_HAS_SITE] = "SELECT 1 FROM site WHERE finess = ?1",
    [Q_HAS_EQUIPMENT] = "SELECT 1 FROM equipment WHERE equipment_id = ?1",
    [Q_HAS_TARGET] = "SELECT 1 FROM target WHERE period = ?1 AND territory = ?2 AND modality = ?3"
                     " AND unit = ?4 AND mention = ?5",
    [Q_HAS_TERRITORY] = "SELECT 1 FROM territory WHERE code = ?1",
    [Q_HAS_NOTE] = "SELECT 1 FROM note WHERE territory = ?1 AND modality = ?2 AND unit = ?3"
                   " AND note = ?4",
    [Q_INSERT_SITE] = "INSERT INTO site(finess, name, territory, legal_status, finess_ej)"
                      " VALUES(?1, ?2, ?3, ?4, ?5)",
    [Q_INSERT_EQUIPMENT] = "INSERT INTO equipment(equipment_id, finess, modality, interventional,"
                           " authorized_from, authorized_until, installed_on, due_on)"
                           " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [Q_INSERT_TARGET] = "INSERT INTO target(period, territory, modality, unit, low, high,"
                        " interventional_low, interventional_high, mention)"
                        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [Q_INSERT_TERRITORY] = "INSERT INTO territory(code, name, region) VALUES(?1, ?2, ?3)",
    [Q_INSERT_NOTE] = "INSERT INTO note(territory, modality, unit, receivable, mark, note, rule,"
                      " allowance) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [Q_AUDIT] = "INSERT INTO audit(at, user, action, entity, key, before, after)"
                " VALUES(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?1, ?2, ?3, ?4, ?5, ?6)",
    [Q_FIND_SITE] = "SELECT finess, name, territory, legal_status, finess_ej FROM site"
                    " WHERE finess = ?1",
    [Q_UPDATE_SITE] = "UPDATE site SET name = ?2, territory = ?3, legal_status = ?4,"
                      " finess_ej = ?5 WHERE finess = ?1",
    /* the bounds of the target with that key (eml register amend-target) */
    [Q_UPDATE_TARGET] = "UPDATE target SET low = ?5, high = ?6, interventional_low = ?7,"
                        " interventional_high = ?8 WHERE period = ?1 AND territory = ?2"
                        " AND modality = ?3 AND unit = ?4 AND mention = ?9",
    [Q_UPDATE_EQUIPMENT] = "UPDATE equipment SET finess = ?2, modality = ?3, interventional = ?4,"
                           " authorized_from = ?5, authorized_until = ?6, installed_on = ?7,"
                           " due_on = ?8 WHERE equipment_id = ?1",
    /* the record (store.h), then the coordinates: NULL (no
     * geolocalisation line with the site) keeps the stored ones; a row
     * equal to the stored one is not rewritten (the WHERE of the upsert: a
     * re-import writes nothing) */
    [Q_FINESS_PUT_SITE] = "INSERT INTO finess_site(" FINESS_SITE_COLUMNS ")"
                          " VALUES(?1, ?2, ?3, ?4, ?5, ?6)"
                          " ON CONFLICT(nofinesset) DO UPDATE SET record = excluded.record, "
                          COORD_UPDATE(coord_x) ", " COORD_UPDATE(coord_y) ", "
                          COORD_UPDATE(coord_source) ", " COORD_UPDATE(coord_updated)
                          " WHERE finess_site.record IS NOT excluded.record OR"
                          " (excluded.coord_x IS NOT NULL AND (" COORD_CHANGED(coord_x) " OR "
                          COORD_CHANGED(coord_y) " OR " COORD_CHANGED(coord_source) " OR "
                          COORD_CHANGED(coord_updated) "))",
    [Q_FINESS_PUT_LOCATION] = "UPDATE finess_site SET coord_x = ?2, coord_y = ?3,"
                              " coord_source = ?4, coord_updated = ?5 WHERE nofinesset = ?1",
    [Q_FINESS_FIND_DEVICE] = "SELECT " EQUIPMENT_COLUMNS ", d.seen FROM finess_device d"
                             " JOIN equipment e USING(equipment_id) WHERE d.authorisation = ?1",
    [Q_FINESS_PUT_DEVICE] = "INSERT INTO finess_device(authorisation, equipment_id, record, flag,"
                            " seen) VALUES(?1, ?2, ?3, ?4, 1) ON CONFLICT(authorisation) DO UPDATE"
                            " SET equipment_id = excluded.equipment_id, record = excluded.record,"
                            " flag = excluded.flag, seen = 1",
    /* the 2023 regime */
    [Q_HAS_AUTHORISATION] = "SELECT 1 FROM authorisation WHERE authorisation_id = ?1",
    [Q_HAS_DECLARED_DEVICE] = "SELECT 1 FROM declared_device WHERE equipment_id = ?1",
    [Q_HAS_CONVENTION] = "SELECT 1 FROM convention WHERE finess = ?1 AND partner_finess = ?2"
                         " AND modality = ?3 AND from_on = ?4",
    /* two closed intervals [o1, c1] and [o2, c2] overlap when o1 <= c2 and
     * o2 <= c1 (ISO dates compare as text) */
    [Q_WINDOW_OVERLAPS] = "SELECT opens_on, closes_on FROM filing_window WHERE activity = ?1"
                          " AND opens_on <= ?3 AND ?2 <= closes_on ORDER BY opens_on LIMIT 1",
    [Q_INSERT_AUTHORISATION] = "INSERT INTO authorisation(" AUTHORISATION_COLUMNS ")"
                               " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [Q_INSERT_DECLARED_DEVICE] = "INSERT INTO declared_device(" DECLARED_DEVICE_COLUMNS ")"
                                 " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [Q_INSERT_CONVENTION] = "INSERT INTO convention(finess, partner_finess, modality, from_on,"
                            " until) VALUES(?1, ?2, ?3, ?4, ?5)",
    [Q_INSERT_WINDOW] = "INSERT INTO filing_window(activity, opens_on, closes_on, published_on)"
                        " VALUES(?1, ?2, ?3, ?4)",
    [Q_FIND_AUTHORISATION] = "SELECT " AUTHORISATION_COLUMNS " FROM authorisation"
                             " WHERE authorisation_id = ?1",
    [Q_UPDATE_AUTHORISATION] = "UPDATE authorisation SET finess = ?2, finess_ej = ?3,"
                               " activity = ?4, mention = ?5, decided_on = ?6, started_on = ?7,"
                               " until = ?8, due_on = ?9 WHERE authorisation_id = ?1",
    [Q_FIND_DECLARED_DEVICE] = "SELECT " DECLARED_DEVICE_COLUMNS " FROM declared_device"
                               " WHERE equipment_id = ?1",
    [Q_UPDATE_DECLARED_DEVICE] = "UPDATE declared_device SET authorisation_id = ?2,"
                                 " modality = ?3, declared_on = ?4, installed_on = ?5,"
                                 " removed_on = ?6, justified = ?7 WHERE equipment_id = ?1",
    [Q_REMOVE_DECLARED_DEVICE] = "DELETE FROM declared_device WHERE equipment_id = ?1",
};

typedef struct sqlite_store {
  sqlite3 *db;
  char path[EML_DIAG_FILE_MAX];
  sqlite3_stmt *stmt[Q_COUNT];
  sqlite3_stmt *tx[EML_TX_ROLLBACK_TO_SAVEPOINT + 1]; /* sqlite_transaction's, prepared once */
  sqlite3_stmt *new_sites[3]; /* sqlite_finess_insert_sites' batches, prepared once */
  int opened_version; /* schema version found at open, before migrating */
} sqlite_store;

/* what: what eml was doing, a French msgid marked N_() where it is written
 * (translated here), or an SQL text (which the catalogue leaves as it is). */
static eml_status db_error(sqlite_store *s, eml_diag *diag, const char *what) {
  int code = sqlite3_extended_errcode(s->db);
  eml_diag_set(diag, s->path, 0, NULL, NULL, 0, "%s : %s", _(what), sqlite3_errmsg(s->db));
  if ((code & 0xff) == SQLITE_FULL)
    eml_diag_set(diag, s->path, 0, NULL, NULL, 0, "%s : plus de place sur le disque", _(what));
  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
    eml_diag_set(diag, s->path, 0, NULL, NULL, 0,
                 "%s : stockage occupé : un autre programme y écrit (attendu %d s) ; "
                 "réessayer quand il aura fini",
                 _(what), BUSY_TIMEOUT_MS / 1000);
  if ((code & 0xff) == SQLITE_READONLY)
    eml_diag_set(diag, s->path, 0, NULL, NULL, 0, "%s : le stockage est en lecture seule", _(what));
  if ((code & 0xff) == SQLITE_IOERR || (code & 0xff) == SQLITE_CANTOPEN)
    eml_diag_set(diag, s->path, 0, NULL, NULL, 0,
                 "%s : écriture impossible dans le fichier du stockage ou son journal (%s : "
                 "disque plein, taille de fichier limitée ou pas de droit d'écriture sur "
                 "son dossier ?)",
                 _(what), sqlite3_errmsg(s->db));
  return EML_ERR_STORE;
}

eml_status eml_sqlite_error(void *impl, eml_diag *diag, const char *what) {
  return db_error(impl, diag, what);
}

/* A write that failed for another reason than a constraint (full disk,
 * read-only file, I/O error) is not the row's fault: EML_ERR_IO tells the
 * importer to stop and undo everything instead of rejecting the row. */
static eml_status write_error(sqlite_store *s, eml_diag *diag, const char *what) {
  eml_status st = db_error(s, diag, what);
  return (sqlite3_extended_errcode(s->db) & 0xff) == SQLITE_CONSTRAINT ? st : EML_ERR_IO;
}

static eml_status exec_sql(void *impl, const char *sql, eml_diag *diag) {
  sqlite_store *s = impl;
  if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_error(s, diag, sql);
  return EML_OK;
}

/* Runs the transaction statement op (sql; what: the words of its error),
 * prepared once per store: a savepoint and its release per imported row
 * were parsed anew by sqlite3_exec each time, 9% of the instructions of a
 * FINESS import (issue 17). */
static eml_status tx_step(sqlite_store *s, eml_store_tx op, const char *sql, const char *what,
                          eml_diag *diag) {
  if (!s->tx[op] &&
      sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->tx[op], NULL) != SQLITE_OK)
    return db_error(s, diag, what);
  int rc = sqlite3_step(s->tx[op]);
  sqlite3_reset(s->tx[op]);
  return rc == SQLITE_DONE ? EML_OK : db_error(s, diag, what);
}

/* The SQL and the words of the error of each transaction operation
 * (store_internal.h): BEGIN IMMEDIATE takes the write lock at once, so
 * that two imports wait for each other (busy timeout) instead of failing
 * at their first write. */
static eml_status sqlite_transaction(void *impl, eml_store_tx op, eml_diag *diag) {
  static const struct {
    const char *sql, *what;
  } tx[] = {
      [EML_TX_BEGIN] = {"BEGIN IMMEDIATE", N_("début de la transaction impossible")},
      [EML_TX_COMMIT] = {"COMMIT", N_("validation impossible")},
      [EML_TX_ROLLBACK] = {"ROLLBACK", N_("annulation impossible")},
      [EML_TX_SAVEPOINT] = {"SAVEPOINT eml_row",
                            N_("début du point de sauvegarde de la ligne impossible")},
      [EML_TX_RELEASE] = {"RELEASE eml_row",
                          N_("fin du point de sauvegarde de la ligne impossible")},
      [EML_TX_ROLLBACK_TO_SAVEPOINT] = {"ROLLBACK TO eml_row",
                                        N_("annulation de la ligne impossible")},
  };
  if ((unsigned)op >= sizeof tx / sizeof tx[0])
    return EML_ERR_USAGE;
  eml_status st = tx_step(impl, op, tx[op].sql, tx[op].what, diag);
  /* ROLLBACK TO leaves the savepoint open: end it, as the interface says */
  if (!st && op == EML_TX_ROLLBACK_TO_SAVEPOINT)
    st = tx_step(impl, EML_TX_RELEASE, tx[EML_TX_RELEASE].sql, tx[EML_TX_RELEASE].what, diag);
  return st;
}

static int read_user_version(sqlite_store *s) {
  sqlite3_stmt *st;
  int v = -1;
  if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return v;
}

static eml_status migrate(sqlite_store *s, eml_diag *diag) {
  int version = read_user_version(s);
  if (version < 0)
    return db_error(s, diag, N_("lecture de la version du schéma impossible"));
  if (version > MIGRATION_COUNT) {
    eml_diag_set(diag, s->path, 0, NULL, NULL, 0,
                 "schéma du stockage en version %d, plus récente que celle de ce programme (%d)",
                 version, MIGRATION_COUNT);
    return EML_ERR_SCHEMA;
  }
  for (; version < MIGRATION_COUNT; version++) {
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", version + 1);
    if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
      return db_error(s, diag, N_("début de la migration impossible"));
    if (sqlite3_exec(s->db, migrations[version], NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(s->db, pragma, NULL, NULL, NULL) != SQLITE_OK) {
      eml_status st = db_error(s, diag, N_("échec de la migration"));
      sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
      return st;
    }
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
      return db_error(s, diag, N_("validation de la migration impossible"));
  }
  return EML_OK;
}

static void sqlite_close(void *impl) {
  sqlite_store *s = impl;
  if (!s)
    return;
  for (int i = 0; i < Q_COUNT; i++)
    sqlite3_finalize(s->stmt[i]);
  for (size_t i = 0; i < sizeof s->tx / sizeof s->tx[0]; i++)
    sqlite3_finalize(s->tx[i]);
  for (size_t i = 0; i < sizeof s->new_sites / sizeof s->new_sites[0]; i++)
    sqlite3_finalize(s->new_sites[i]);
  sqlite3_close(s->db);
  free(s);
}

eml_status eml_sqlite_open(const char *path, eml_store_mode mode, void **impl, eml_diag *diag) {
  *impl = NULL;
  struct stat sb;
  int exists = stat(path, &sb) == 0;
  if (!exists && mode != EML_STORE_CREATE) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0,
                 "pas de stockage ici (le créer avec « eml init », ou donner --db CHEMIN)");
    return EML_ERR_NOT_FOUND;
  }
  sqlite_store *s = calloc(1, sizeof *s);
  if (!s)
    return EML_ERR_NOMEM;
  snprintf(s->path, sizeof s->path, "%s", path);
  /* SQLite's memory statistics take a process-wide mutex around every
   * allocation (4-5% of a FINESS import, issue 17) and eml reads none of
   * them; a setting made before SQLite's first use (SQLITE_MISUSE after,
   * harmless: the statistics then stay on). */
  (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  /* A store opened for writing is used by the one thread that opened it
   * (the CLI; the dashboard's upload opens, imports and closes within its
   * request): no mutex around each SQLite call (issue 17). A read-only
   * handle keeps SQLite's serialised mode: the dashboard's cache shares
   * one between the threads of its pool. */
  int flags = mode == EML_STORE_READ_ONLY
                  ? SQLITE_OPEN_READONLY
                  : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "ouverture du stockage impossible : %s",
                 s->db ? sqlite3_errmsg(s->db) : eml_strerror(EML_ERR_NOMEM));
    sqlite_close(s);
    return EML_ERR_STORE;
  }
  sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
  /* the journals of the per-row savepoints in memory, not in a temporary
   * file: a national FINESS import (200,000 rows) otherwise makes a million
   * small writes. A page cache of up to 128 MiB (SQLite's default: 2 MiB),
   * taken only as pages are read or written: with the default, an import's
   * one transaction spills its dirty pages to the journal and the file long
   * before the commit, and writes some of them several times (issue 17:
   * FINESS national import, see bench/RESULTS.md) */
  eml_status st = exec_sql(s, "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY", diag);
  if (!st && (eml_sqlite_rt_functions(s->db) || eml_sqlite_imaging_functions(s->db)))
    st = db_error(s, diag, N_("enregistrement des fonctions du stockage impossible"));
  if (!st) {
    /* a file that is not a SQLite database fails on its first read */
    int v = s->opened_version = read_user_version(s);
    if (v < 0) {
      eml_diag_set(diag, path, 0, NULL, NULL, 0, "pas un stockage eml : %s", sqlite3_errmsg(s->db));
      st = EML_ERR_STORE;
    } else if (mode != EML_STORE_READ_ONLY && sqlite3_db_readonly(s->db, "main") == 1) {
      /* SQLite silently opens a write-protected file for reading only */
      eml_diag_set(diag, path, 0, NULL, NULL, 0,
                   "le stockage est en lecture seule (pas de droit d'écriture sur le "
                   "fichier) : rien ne peut être modifié");
      st = EML_ERR_STORE;
    } else if (mode == EML_STORE_READ_ONLY) {
      if (v != MIGRATION_COUNT) {
        eml_diag_set(
            diag, path, 0, NULL, NULL, 0,
            "schéma du stockage en version %d, ce programme lit la version %d (l'ouvrir une "
            "fois en écriture)",
            v, MIGRATION_COUNT);
        st = EML_ERR_SCHEMA;
      }
    } else {
      st = migrate(s, diag);
    }
  }
  if (!st) /* after the first read, which names a file that is not a store */
    st = exec_sql(s, "PRAGMA cache_size = -131072", diag);
  if (st) {
    sqlite_close(s);
    return st;
  }
  *impl = s;
  return EML_OK;
}

static int sqlite_schema_version(void *impl) { return read_user_version(impl); }
static int sqlite_opened_version(void *impl) { return ((sqlite_store *)impl)->opened_version; }
sqlite3 *eml_sqlite_db(void *impl) { return ((sqlite_store *)impl)->db; }
const char *eml_sqlite_path(void *impl) { return ((sqlite_store *)impl)->path; }

static sqlite3_stmt *stmt(sqlite_store *s, int q) {
  if (!s->stmt[q] &&
      sqlite3_prepare_v3(s->db, queries[q], -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[q], NULL) !=
          SQLITE_OK)
    return NULL;
  sqlite3_reset(s->stmt[q]);
  sqlite3_clear_bindings(s->stmt[q]);
  return s->stmt[q];
}

static void bind_text(sqlite3_stmt *st, int i, const char *v) {
  if (v && *v)
    sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(st, i);
}

/* Same as bind_text, not copied: for the big rows of the imports (a FINESS
 * record's 30 fields, an audit entry's JSON), bound and stepped in the one
 * call (step_done), whose values outlive it. */
static void bind_text_static(sqlite3_stmt *st, int i, const char *v) {
  if (v && *v)
    sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(st, i);
}

/* Same as bind_text but an empty string stays '' (NOT NULL columns). */
static void bind_text_empty(sqlite3_stmt *st, int i, const char *v) {
  sqlite3_bind_text(st, i, v ? v : "", -1, SQLITE_TRANSIENT);
}

static void bind_date(sqlite3_stmt *st, int i, int has, eml_date d) {
  if (!has) {
    sqlite3_bind_null(st, i);
    return;
  }
  char buf[16];
  eml_date_format(d, buf, sizeof buf);
  sqlite3_bind_text(st, i, buf, -1, SQLITE_TRANSIENT);
}

static void bind_opt_int(sqlite3_stmt *st, int i, int has, int64_t v) {
  if (has)
    sqlite3_bind_int64(st, i, v);
  else
    sqlite3_bind_null(st, i);
}

/* Binds the site's columns as ?(at+1)..?(at+5) (finess, name, territory,
 * status, ej). */
static void bind_site(sqlite3_stmt *st, int at, const eml_site *site) {
  bind_text_empty(st, at + 1, site->finess);
  bind_text_empty(st, at + 2, site->name);
  bind_text_empty(st, at + 3, site->territory);
  bind_text_empty(st, at + 4, site->legal_status);
  bind_text(st, at + 5, site->finess_ej);
}

/* Binds the device's columns as ?1..?8 (EQUIPMENT_COLUMNS' order). */
static void bind_equipment(sqlite3_stmt *st, const eml_equipment *e) {
  bind_text_empty(st, 1, e->id);
  bind_text_empty(st, 2, e->finess);
  bind_text_empty(st, 3, eml_modality_code(e->modality));
  sqlite3_bind_int(st, 4, e->interventional);
  bind_date(st, 5, 1, e->authorized_from);
  bind_date(st, 6, e->has_until, e->authorized_until);
  bind_date(st, 7, e->has_installed, e->installed_on);
  bind_date(st, 8, e->has_due, e->due_on);
}

static eml_status step_exists(sqlite_store *s, sqlite3_stmt *st, int *exists) {
  if (!st)
    return EML_ERR_STORE;
  int rc = sqlite3_step(st);
  *exists = rc == SQLITE_ROW;
  sqlite3_reset(st);
  (void)s;
  return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? EML_OK : EML_ERR_STORE;
}

static eml_status step_done(sqlite_store *s, sqlite3_stmt *st, eml_diag *diag, const char *what) {
  if (!st)
    return db_error(s, diag, what);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    return write_error(s, diag, what);
  return EML_OK;
}

static eml_status sqlite_has_site(void *impl, const char *finess, int *exists) {
  sqlite3_stmt *st = stmt(impl, Q_HAS_SITE);
  if (st)
    bind_text_empty(st, 1, finess);
  return step_exists(impl, st, exists);
}

static eml_status sqlite_has_equipment(void *impl, const char *id, int *exists) {
  sqlite3_stmt *st = stmt(impl, Q_HAS_EQUIPMENT);
  if (st)
    bind_text_empty(st, 1, id);
  return step_exists(impl, st, exists);
}

/* What the modality column of a target holds: the device modality (seed
 * 000) or the activity (2023 regime); the two code lists do not meet. */
static const char *target_code(const eml_target *t) {
  return t->is_activity ? eml_activity_code(t->activity) : eml_modality_code(t->modality);
}

static eml_status sqlite_has_target(void *impl, const eml_target *t, int *exists) {
  sqlite3_stmt *st = stmt(impl, Q_HAS_TARGET);
  if (st) {
    bind_text_empty(st, 1, t->period);
    bind_text_empty(st, 2, t->territory);
    bind_text_empty(st, 3, target_code(t));
    bind_text_empty(st, 4, eml_unit_code(t->unit));
    bind_text_empty(st, 5, t->is_activity ? t->mention : "");
  }
  return step_exists(impl, st, exists);
}

static eml_status sqlite_has_territory(void *impl, const char *code, int *exists) {
  sqlite3_stmt *st = stmt(impl, Q_HAS_TERRITORY);
  if (st)
    bind_text_empty(st, 1, code);
  return step_exists(impl, st, exists);
}

static eml_status sqlite_has_note(void *impl, const eml_note *n, int *exists) {
  sqlite3_stmt *st = stmt(impl, Q_HAS_NOTE);
  if (st) {
    bind_text_empty(st, 1, n->territory);
    bind_text_empty(st, 2, eml_modality_code(n->modality));
    bind_text_empty(st, 3, n->has_unit ? eml_unit_code(n->unit) : "");
    bind_text_empty(st, 4, n->text);
  }
  return step_exists(impl, st, exists);
}

/* Runs an insert or an update (query q) of a site or of a device. */
static eml_status write_site(void *impl, int q, const eml_site *site, eml_diag *diag,
                             const char *what) {
  sqlite3_stmt *st = stmt(impl, q);
  if (st)
    bind_site(st, 0, site);
  return step_done(impl, st, diag, what);
}

static eml_status write_equipment(void *impl, int q, const eml_equipment *e, eml_diag *diag,
                                  const char *what) {
  sqlite3_stmt *st = stmt(impl, q);
  if (st)
    bind_equipment(st, e);
  return step_done(impl, st, diag, what);
}

static eml_status sqlite_insert_site(void *impl, const eml_site *site, eml_diag *diag) {
  return write_site(impl, Q_INSERT_SITE, site, diag, N_("enregistrement du site impossible"));
}

static eml_status sqlite_insert_equipment(void *impl, const eml_equipment *e, eml_diag *diag) {
  return write_equipment(impl, Q_INSERT_EQUIPMENT, e, diag,
                         N_("enregistrement de l'appareil impossible"));
}

/* Runs an insert or an update (query q) of a target: the same nine
 * parameters, the key's and the bounds'. */
static eml_status write_target(void *impl, int q, const eml_target *t, eml_diag *diag,
                               const char *what) {
  sqlite3_stmt *st = stmt(impl, q);
  if (st) {
    bind_text_empty(st, 1, t->period);
    bind_text_empty(st, 2, t->territory);
    bind_text_empty(st, 3, target_code(t));
    bind_text_empty(st, 4, eml_unit_code(t->unit));
    bind_opt_int(st, 5, t->has_low, t->low);
    sqlite3_bind_int64(st, 6, t->high);
    bind_opt_int(st, 7, t->has_interventional_low, t->interventional_low);
    bind_opt_int(st, 8, t->has_interventional_high, t->interventional_high);
    bind_text_empty(st, 9, t->is_activity ? t->mention : "");
  }
  return step_done(impl, st, diag, what);
}

static eml_status sqlite_insert_target(void *impl, const eml_target *t, eml_diag *diag) {
  return write_target(impl, Q_INSERT_TARGET, t, diag,
                      N_("enregistrement de l'objectif impossible"));
}

static eml_status sqlite_update_target(void *impl, const eml_target *t, eml_diag *diag) {
  return write_target(impl, Q_UPDATE_TARGET, t, diag, N_("mise à jour de l'objectif impossible"));
}

static eml_status sqlite_insert_territory(void *impl, const eml_territory_row *t,
                                          eml_diag *diag) {
  sqlite3_stmt *st = stmt(impl, Q_INSERT_TERRITORY);
  if (st) {
    bind_text_empty(st, 1, t->code);
    bind_text_empty(st, 2, t->name);
    bind_text(st, 3, t->region);
  }
  return step_done(impl, st, diag, N_("enregistrement du territoire impossible"));
}

static eml_status sqlite_insert_note(void *impl, const eml_note *n, eml_diag *diag) {
  sqlite3_stmt *st = stmt(impl, Q_INSERT_NOTE);
  if (st) {
    bind_text_empty(st, 1, n->territory);
    bind_text_empty(st, 2, eml_modality_code(n->modality));
    bind_text_empty(st, 3, n->has_unit ? eml_unit_code(n->unit) : "");
    bind_text_empty(st, 4, n->receivable);
    bind_text_empty(st, 5, n->mark);
    bind_text_empty(st, 6, n->text);
    bind_text_empty(st, 7, eml_note_rule_code(n->rule));
    sqlite3_bind_int64(st, 8, n->allowance);
  }
  return step_done(impl, st, diag, N_("enregistrement de la note impossible"));
}

/* ---- the 2023 regime (spec regime-2023.md) ---- */

/* Binds an authorisation as ?1..?9 (AUTHORISATION_COLUMNS' order). */
static void bind_authorisation(sqlite3_stmt *st, const eml_authorisation *a) {
  bind_text_empty(st, 1, a->id);
  bind_text_empty(st, 2, a->finess);
  bind_text(st, 3, a->finess_ej);
  bind_text_empty(st, 4, eml_activity_code(a->activity));
  bind_text_empty(st, 5, a->mention);
  bind_date(st, 6, 1, a->decided_on);
  bind_date(st, 7, a->has_started, a->started_on);
  bind_date(st, 8, a->has_until, a->until);
  bind_date(st, 9, a->has_due, a->due_on);
}

/* Binds a declared device as ?1..?7 (DECLARED_DEVICE_COLUMNS' order). */
static void bind_declared_device(sqlite3_stmt *st, const eml_declared_device *d) {
  bind_text_empty(st, 1, d->id);
  bind_text_empty(st, 2, d->authorisation_id);
  bind_text_empty(st, 3, eml_modality_code(d->modality));
  bind_date(st, 4, 1, d->declared_on);
  bind_date(st, 5, d->has_installed, d->installed_on);
  bind_date(st, 6, d->has_removed, d->removed_on);
  sqlite3_bind_int(st, 7, d->justified != 0);
}

/* Binds the key of a convention as ?1..?4 (site, partner, type, from). */
static void bind_convention_key(sqlite3_stmt *st, const eml_convention *c) {
  bind_text_empty(st, 1, c->finess);
  bind_text_empty(st, 2, c->partner_finess);
  bind_text_empty(st, 3, eml_modality_code(c->modality));
  bind_date(st, 4, 1, c->from);
}

static eml_status sqlite_has_by_id(void *impl, int q, const char *id, int *exists) {
  sqlite3_stmt *st = stmt(impl, q);
  if (st)
    bind_text_empty(st, 1, id);
  return step_exists(impl, st, exists);
}

static eml_status sqlite_has_authorisation(void *impl, const char *id, int *exists) {
  return sqlite_has_by_id(impl, Q_HAS_AUTHORISATION, id, exists);
}

static eml_status sqlite_has_declared_device(void *impl, const char *id, int *exists) {
  return sqlite_has_by_id(impl, Q_HAS_DECLARED_DEVICE, id, exists);
}

static eml_status sqlite_has_convention(void *impl, const eml_convention *c, int *exists) {
  sqlite3_stmt *st = stmt(impl, Q_HAS_CONVENTION);
  if (st)
    bind_convention_key(st, c);
  return step_exists(impl, st, exists);
}

static eml_status sqlite_window_overlaps(void *impl, const eml_window *w, int *overlaps,
                                         eml_window *other) {
  sqlite3_stmt *st = stmt(impl, Q_WINDOW_OVERLAPS);
  if (!st)
    return EML_ERR_STORE;
  bind_text_empty(st, 1, eml_activity_code(w->activity));
  bind_date(st, 2, 1, w->opens_on);
  bind_date(st, 3, 1, w->closes_on);
  int rc = sqlite3_step(st);
  *overlaps = rc == SQLITE_ROW;
  if (*overlaps && other) {
    memset(other, 0, sizeof *other);
    other->activity = w->activity;
    eml_stored_date((const char *)sqlite3_column_text(st, 0), &other->opens_on);
    eml_stored_date((const char *)sqlite3_column_text(st, 1), &other->closes_on);
  }
  sqlite3_reset(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? EML_OK : EML_ERR_STORE;
}

static eml_status sqlite_insert_authorisation(void *impl, const eml_authorisation *a,
                                              eml_diag *diag) {
  sqlite3_stmt *st = stmt(impl, Q_INSERT_AUTHORISATION);
  if (st)
    bind_authorisation(st, a);
  return step_done(impl, st, diag, N_("enregistrement de l'autorisation impossible"));
}

static eml_status sqlite_update_authorisation(void *impl, const eml_authorisation *a,
                                              eml_diag *diag) {
  sqlite3_stmt *st = stmt(impl, Q_UPDATE_AUTHORISATION);
  if (st)
    bind_authorisation(st, a);
  return step_done(impl, st, diag, N_("mise à jour de l'autorisation impossible"));
}

static eml_status sqlite_insert_declared_device(void *impl, const eml_declared_device *d,
                                                eml_diag *diag) {
  sqlite3_stmt *st = stmt(impl, Q_INSERT_DECLARED_DEVICE);
  if (st)
    bind_declared_device(st, d);
  return step_done(impl, st, diag, N_("enregistrement de l'appareil déclaré impossible"));
}

static eml_status sqlite_update_declared_device(void *impl, const eml_declared_device *d,
                                                eml_diag *diag) {
  sqlite3_stmt *st = stmt(impl, Q_UPDATE_DECLARED_DEVICE);
  if (st)
    bind_declared_device(st, d);
  return step_done(impl, st, diag, N_("mise à jour de l'appareil déclaré impossible"));
}

static eml_status sqlite_remove_declared_device(void *impl, const char *id, eml_diag *diag) {
  sqlite3_stmt *st = stmt(impl, Q_REMOVE_DECLARED_DEVICE);
  if (st)
    bind_text_empty(st, 1, id);
  return step_done(impl, st, diag, N_("retrait de l'appareil déclaré impossible"));
}

static eml_status sqlite_insert_convention(void *impl, const eml_convention *c, eml_diag *diag) {
  sqlite3_stmt *st = stmt(impl, Q_INSERT_CONVENTION);
  if (st) {
    bind_convention_key(st, c);
    bind_date(st, 5, c->has_until, c->until);
  }
  return step_done(impl, st, diag, N_("enregistrement de la convention impossible"));
}

static eml_status sqlite_insert_window(void *impl, const eml_window *w, eml_diag *diag) {
  sqlite3_stmt *st = stmt(impl, Q_INSERT_WINDOW);
  if (st) {
    bind_text_empty(st, 1, eml_activity_code(w->activity));
    bind_date(st, 2, 1, w->opens_on);
    bind_date(st, 3, 1, w->closes_on);
    bind_date(st, 4, w->has_published, w->published_on);
  }
  return step_done(impl, st, diag, N_("enregistrement de la fenêtre de dépôt impossible"));
}

static eml_status sqlite_audit(void *impl, const char *user, const char *action,
                               const char *entity, const char *key, const char *before,
                               const char *after, eml_diag *diag) {
  sqlite3_stmt *st = stmt(impl, Q_AUDIT);
  if (st) {
    bind_text_empty(st, 1, user);
    bind_text_empty(st, 2, action);
    bind_text_empty(st, 3, entity);
    bind_text_static(st, 4, key);
    bind_text_static(st, 5, before);
    bind_text_static(st, 6, after);
  }
  return step_done(impl, st, diag, N_("écriture du journal d'audit impossible"));
}

static const char *col_text(sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? (const char *)t : "";
}

static eml_status sqlite_each_audit(void *impl, const char *entity, long limit, eml_audit_fn fn,
                                    void *ctx, eml_diag *diag) {
  sqlite_store *s = impl;
  sqlite3_stmt *st;
  /* the newest `limit` entries, printed oldest first */
  const char *sql = "SELECT * FROM (SELECT id, at, user, action, entity, key, before, after"
                    " FROM audit WHERE ?1 IS NULL OR entity = ?1 ORDER BY id DESC LIMIT ?2)"
                    " ORDER BY id";
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return db_error(s, diag, N_("lecture du journal d'audit impossible"));
  bind_text(st, 1, entity);
  sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1);
  eml_status result = EML_OK;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    eml_audit_entry e = {sqlite3_column_int64(st, 0), col_text(st, 1), col_text(st, 2),
                         col_text(st, 3),            col_text(st, 4), col_text(st, 5),
                         sqlite3_column_text(st, 6) ? col_text(st, 6) : NULL,
                         sqlite3_column_text(st, 7) ? col_text(st, 7) : NULL};
    if ((result = fn(ctx, &e)))
      break;
  }
  if (!result && rc != SQLITE_DONE)
    result = db_error(s, diag, N_("lecture du journal d'audit impossible"));
  sqlite3_finalize(st);
  return result;
}

/* The current row's columns as texts, NULL for SQL NULL: what
 * store_rows.c reads into the register's structs, for both backends (the
 * one reading of each kind). The texts are valid until the next step. */
#define ROW_CELLS 16
static void row_cells(sqlite3_stmt *st, const char *col[ROW_CELLS]) {
  int n = sqlite3_column_count(st);
  for (int c = 0; c < ROW_CELLS; c++)
    col[c] = c < n ? (const char *)sqlite3_column_text(st, c) : NULL;
}

static eml_status load_rows(sqlite_store *s, const char *sql, eml_register *r,
                            eml_stored_caps *caps, eml_stored_kind kind, eml_diag *diag) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return db_error(s, diag, N_("lecture du registre impossible"));
  eml_status result = EML_OK;
  int rc = SQLITE_DONE;
  while (!result && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *col[ROW_CELLS];
    row_cells(st, col);
    result = eml_stored_add(r, caps, kind, col);
  }
  if (!result && rc != SQLITE_DONE)
    result = db_error(s, diag, N_("lecture du registre impossible"));
  sqlite3_finalize(st);
  return result;
}

static eml_status sqlite_load_register(void *impl, eml_register *out, eml_diag *diag) {
  /* every kind in a fixed order of its key, so that what is computed from
   * the register does not depend on the order of the imports */
  static const char *const sql[EML_STORED_KINDS] = {
      "SELECT finess, name, territory, legal_status, finess_ej FROM site ORDER BY finess",
      "SELECT " EQUIPMENT_COLUMNS " FROM equipment e ORDER BY equipment_id",
      ("SELECT period, territory, modality, unit, low, high, interventional_low,"
       " interventional_high, mention FROM target"
       " ORDER BY period, territory, modality, unit, mention"),
      "SELECT code, name, region FROM territory ORDER BY code",
      "SELECT territory, modality, unit, receivable, mark, note, rule, allowance FROM note"
      " ORDER BY id",
      "SELECT " AUTHORISATION_COLUMNS " FROM authorisation ORDER BY authorisation_id",
      "SELECT " DECLARED_DEVICE_COLUMNS " FROM declared_device ORDER BY equipment_id",
      ("SELECT finess, partner_finess, modality, from_on, until FROM convention"
       " ORDER BY finess, modality, from_on, partner_finess"),
      ("SELECT activity, opens_on, closes_on, published_on FROM filing_window"
       " ORDER BY activity, opens_on"),
  };
  memset(out, 0, sizeof *out);
  eml_stored_caps caps = {{0}};
  for (int k = 0; k < EML_STORED_KINDS; k++) {
    eml_status st = load_rows(impl, sql[k], out, &caps, (eml_stored_kind)k, diag);
    if (st) {
      eml_register_free(out);
      return st;
    }
  }
  return EML_OK;
}

/* ---- FINESS extractions ---- */

/* Runs query q with its one parameter, the key; *status: EML_OK (a row
 * or none: *found says) or EML_ERR_STORE. The caller resets the statement. */
static sqlite3_stmt *find_by_key(void *impl, int q, const char *key, int *found,
                                 eml_status *status) {
  sqlite3_stmt *st = stmt(impl, q);
  int rc = SQLITE_ERROR;
  if (st) {
    bind_text_empty(st, 1, key);
    rc = sqlite3_step(st);
  }
  *found = rc == SQLITE_ROW;
  *status = rc == SQLITE_ROW || rc == SQLITE_DONE ? EML_OK : EML_ERR_STORE;
  return st;
}

static eml_status sqlite_find_site(void *impl, const char *finess, eml_site *out, int *exists) {
  eml_status result;
  sqlite3_stmt *st = find_by_key(impl, Q_FIND_SITE, finess, exists, &result);
  if (*exists) {
    memset(out, 0, sizeof *out);
    const char *col[ROW_CELLS];
    row_cells(st, col);
    result = eml_stored_site(col, out);
  }
  if (st)
    sqlite3_reset(st);
  return result;
}

static eml_status sqlite_update_site(void *impl, const eml_site *site, eml_diag *diag) {
  return write_site(impl, Q_UPDATE_SITE, site, diag, N_("mise à jour du site impossible"));
}

static eml_status sqlite_update_equipment(void *impl, const eml_equipment *e, eml_diag *diag) {
  return write_equipment(impl, Q_UPDATE_EQUIPMENT, e, diag,
                         N_("mise à jour de l'appareil impossible"));
}

/* Binds a site's coordinates from parameter i (NULL: none). */
static void bind_location(sqlite3_stmt *st, int i, const eml_finess_location *loc) {
  if (!loc) {
    for (int k = 0; k < 4; k++)
      sqlite3_bind_null(st, i + k);
    return;
  }
  sqlite3_bind_double(st, i, loc->x);
  sqlite3_bind_double(st, i + 1, loc->y);
  bind_text_static(st, i + 2, loc->source);
  bind_text_static(st, i + 3, loc->updated);
}

static eml_status sqlite_finess_put_site(void *impl, const char *finess, const char *record,
                                         const eml_finess_location *loc, eml_diag *diag) {
  sqlite3_stmt *st = stmt(impl, Q_FINESS_PUT_SITE);
  if (st) {
    bind_text_empty(st, 1, finess);
    bind_text_empty(st, 2, record);
    bind_location(st, 3, loc);
  }
  return step_done(impl, st, diag, N_("enregistrement de la fiche FINESS du site impossible"));
}

/* ---- new sites, many rows per statement (issue 17) ----
 *
 * A FINESS import's new sites cost three statements each (the site, its
 * audit entry, its FINESS record): SQLite's work per statement (the VDBE's
 * start and halt, the cursors opened and closed, the statement journal)
 * was a third of a national import. Here NEW_SITES_BATCH sites go in three
 * INSERTs of that many rows, under a savepoint of their own: a refusal
 * undoes the batch and store.c writes it again one row at a time, so that
 * the row refused is named. A new site has no finess_site row (its foreign
 * key to site), so the record is a plain INSERT; were one there, the batch
 * fails and the one-row upsert writes it. Rows that do not fill a batch are
 * left to store.c. */
#define NEW_SITES_BATCH 64
#define FINESS_SITE_PARAMETERS 6

/* The three INSERTs of a batch, prepared once: the sites, their audit
 * entries (Q_AUDIT's, one time for the statement), their FINESS records. */
static eml_status prepare_new_sites(sqlite_store *s) {
  static const char *const head[3] = {
      "INSERT INTO site(finess, name, territory, legal_status, finess_ej) VALUES",
      "INSERT INTO audit(at, user, action, entity, key, before, after) VALUES",
      "INSERT INTO finess_site(" FINESS_SITE_COLUMNS ") VALUES"};
  static const char *const row[3] = {
      "(?, ?, ?, ?, ?)",
      "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, 'insert', 'site', ?, NULL, ?)",
      "(?, ?, ?, ?, ?, ?)"};
  for (int k = 0; k < 3; k++) {
    if (s->new_sites[k])
      continue;
    eml_buf sql;
    eml_buf_init(&sql, EML_TEXT_VALUE_MAX);
    eml_status st = eml_buf_append(&sql, head[k], strlen(head[k]));
    for (int i = 0; i < NEW_SITES_BATCH && !st; i++)
      if (!(st = i ? eml_buf_putc(&sql, ',') : EML_OK))
        st = eml_buf_append(&sql, row[k], strlen(row[k]));
    if (!st && sqlite3_prepare_v3(s->db, sql.data, -1, SQLITE_PREPARE_PERSISTENT,
                                  &s->new_sites[k], NULL) != SQLITE_OK)
      st = EML_ERR_STORE;
    eml_buf_free(&sql);
    if (st)
      return st;
  }
  return EML_OK;
}

/* Steps a batch's statement and resets it (the values bound stay the
 * caller's, SQLITE_STATIC, until then). */
static int step_batch(sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE;
}

static eml_status sqlite_finess_insert_sites(void *impl, const char *user,
                                             const eml_finess_new_site *rows, size_t n,
                                             size_t *done) {
  sqlite_store *s = impl;
  *done = 0;
  if (n < NEW_SITES_BATCH)
    return EML_OK;
  eml_status st = prepare_new_sites(s);
  for (; !st && *done + NEW_SITES_BATCH <= n; *done += NEW_SITES_BATCH) {
    const eml_finess_new_site *b = rows + *done;
    sqlite3_stmt *const *q = s->new_sites;
    for (int i = 0; i < NEW_SITES_BATCH; i++) {
      bind_site(q[0], 5 * i, b[i].site);
      bind_text_empty(q[1], 3 * i + 1, user);
      bind_text_static(q[1], 3 * i + 2, b[i].site->finess);
      bind_text_static(q[1], 3 * i + 3, b[i].after);
      int at = FINESS_SITE_PARAMETERS * i;
      bind_text_static(q[2], at + 1, b[i].site->finess);
      bind_text_static(q[2], at + 2, b[i].record);
      bind_location(q[2], at + 3, b[i].loc);
    }
    eml_diag ignored; /* store.c's row by row names the refusal */
    if ((st = exec_sql(s, "SAVEPOINT new_sites", &ignored)))
      break;
    if (step_batch(q[0]) && step_batch(q[1]) && step_batch(q[2])) {
      if ((st = exec_sql(s, "RELEASE new_sites", &ignored)))
        break;
      continue;
    }
    st = EML_ERR_STORE; /* the batch undone, not counted in *done */
    if (!exec_sql(s, "ROLLBACK TO new_sites", &ignored))
      (void)exec_sql(s, "RELEASE new_sites", &ignored);
    break;
  }
  return st;
}

static eml_status sqlite_finess_put_location(void *impl, const char *finess,
                                             const eml_finess_location *loc, int *found,
                                             eml_diag *diag) {
  sqlite_store *s = impl;
  sqlite3_stmt *st = stmt(s, Q_FINESS_PUT_LOCATION);
  if (st) {
    bind_text_empty(st, 1, finess);
    bind_location(st, 2, loc);
  }
  eml_status result =
      step_done(s, st, diag, N_("enregistrement des coordonnées du site impossible"));
  *found = !result && sqlite3_changes(s->db) > 0;
  return result;
}

static eml_status sqlite_finess_find_device(void *impl, const char *authorisation,
                                            eml_equipment *out, int *seen, int *exists) {
  eml_status result;
  sqlite3_stmt *st = find_by_key(impl, Q_FINESS_FIND_DEVICE, authorisation, exists, &result);
  *seen = 0;
  if (*exists) {
    memset(out, 0, sizeof *out);
    const char *col[ROW_CELLS];
    row_cells(st, col);
    result = eml_stored_equipment(col, out);
    *seen = sqlite3_column_int(st, 8);
  }
  if (st)
    sqlite3_reset(st);
  return result;
}

static eml_status sqlite_finess_put_device(void *impl, const char *authorisation,
                                           const char *equipment_id, const char *record,
                                           const char *flag, eml_diag *diag) {
  sqlite3_stmt *st = stmt(impl, Q_FINESS_PUT_DEVICE);
  if (st) {
    bind_text_empty(st, 1, authorisation);
    bind_text_empty(st, 2, equipment_id);
    bind_text_empty(st, 3, record);
    bind_text(st, 4, flag);
  }
  return step_done(impl, st, diag, N_("enregistrement de l'autorisation FINESS impossible"));
}

/* A text column (TEXT affinity: a number reads as text) as
 * eml_store_finess_put_site binds it: NULL reads ""; an empty text, which
 * it never writes, clears *exact. One call per column: each takes the
 * connection's mutex (sqlite3_column_type too). */
static const char *stored_text(sqlite3_stmt *st, int i, int *exact) {
  const char *v = (const char *)sqlite3_column_text(st, i);
  if (!v)
    return "";
  if (!*v)
    *exact = 0;
  return v;
}

static eml_status sqlite_finess_each_site(void *impl, eml_finess_site_fn fn, void *ctx,
                                          eml_diag *diag) {
  sqlite_store *s = impl;
  sqlite3_stmt *st;
  const char *sql = "SELECT " FINESS_SITE_COLUMNS " FROM finess_site";
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return db_error(s, diag, N_("lecture des fiches FINESS des sites impossible"));
  eml_status result = EML_OK;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    eml_finess_stored_site r = {.exact = 1};
    r.finess = stored_text(st, 0, &r.exact);
    /* the record: a text (put_site's), else no comparison holds */
    if (sqlite3_column_type(st, 1) != SQLITE_TEXT)
      r.exact = 0;
    r.record = stored_text(st, 1, &r.exact);
    r.record_len = (size_t)sqlite3_column_bytes(st, 1);
    const char *field[EML_FINESS_RECORD_FIELDS];
    size_t field_len[EML_FINESS_RECORD_FIELDS];
    if (eml_finess_record_split(r.record, r.record_len, field, field_len)) /* not 29 fields */
      r.exact = 0;
    const int c = 2;
    eml_finess_location loc = {0};
    int has_x = sqlite3_column_type(st, c) != SQLITE_NULL;
    if (has_x) {
      /* REAL columns: what put_site's IS NOT compares, as doubles */
      if (sqlite3_column_type(st, c) != SQLITE_FLOAT ||
          sqlite3_column_type(st, c + 1) != SQLITE_FLOAT)
        r.exact = 0;
      loc.x = sqlite3_column_double(st, c);
      loc.y = sqlite3_column_double(st, c + 1);
      r.loc = &loc;
    } else if (sqlite3_column_type(st, c + 1) != SQLITE_NULL) /* coordinates in part */
      r.exact = 0;
    loc.source = stored_text(st, c + 2, &r.exact);
    loc.updated = stored_text(st, c + 3, &r.exact);
    if (!has_x && (*loc.source || *loc.updated))
      r.exact = 0;
    if ((result = fn(ctx, &r)))
      break;
  }
  if (!result && rc != SQLITE_DONE)
    result = db_error(s, diag, N_("lecture des fiches FINESS des sites impossible"));
  sqlite3_finalize(st);
  return result;
}

static eml_status sqlite_finess_unsee(void *impl, eml_diag *diag) {
  return exec_sql(impl, "UPDATE finess_device SET seen = 0 WHERE seen <> 0", diag);
}

static eml_status sqlite_finess_each_unseen(void *impl, eml_finess_unseen_fn fn, void *ctx,
                                            eml_diag *diag) {
  sqlite_store *s = impl;
  sqlite3_stmt *st;
  const char *sql = "SELECT " EQUIPMENT_COLUMNS ", d.authorisation FROM finess_device d"
                    " JOIN equipment e USING(equipment_id)"
                    " WHERE d.seen = 0 AND e.authorized_until IS NULL ORDER BY d.authorisation";
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return db_error(s, diag, N_("lecture des appareils FINESS impossible"));
  eml_status result = EML_OK;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    eml_equipment e = {0};
    const char *col[ROW_CELLS];
    row_cells(st, col);
    result = eml_stored_equipment(col, &e);
    if (!result)
      result = fn(ctx, col_text(st, 8), &e);
    free(e.id);
    if (result)
      break;
  }
  if (!result && rc != SQLITE_DONE)
    result = db_error(s, diag, N_("lecture des appareils FINESS impossible"));
  sqlite3_finalize(st);
  return result;
}

/* ---- the 2023 regime: lookups of one row (AMM re-extractions) ---- */

static eml_status sqlite_find_authorisation(void *impl, const char *id, eml_authorisation *out,
                                            int *exists) {
  eml_status result;
  sqlite3_stmt *st = find_by_key(impl, Q_FIND_AUTHORISATION, id, exists, &result);
  if (*exists) {
    memset(out, 0, sizeof *out);
    const char *col[ROW_CELLS];
    row_cells(st, col);
    result = eml_stored_authorisation(col, out);
  }
  if (st)
    sqlite3_reset(st);
  return result;
}

static eml_status sqlite_find_declared_device(void *impl, const char *id,
                                              eml_declared_device *out, int *exists) {
  eml_status result;
  sqlite3_stmt *st = find_by_key(impl, Q_FIND_DECLARED_DEVICE, id, exists, &result);
  if (*exists) {
    memset(out, 0, sizeof *out);
    const char *col[ROW_CELLS];
    row_cells(st, col);
    result = eml_stored_declared_device(col, out);
  }
  if (st)
    sqlite3_reset(st);
  return result;
}

/* The stamp (eml_store_version): PRAGMA data_version moves with the
 * commits of other connections (it reads the file's change counter),
 * sqlite3_total_changes64 with this connection's own; the device and inode
 * of the path say whether the file was replaced (then this connection
 * still reads the old one: the caller opens the store again). */
static eml_status sqlite_version(void *impl, eml_store_stamp *out, eml_diag *diag) {
  sqlite_store *s = impl;
  struct stat sb;
  if (stat(s->path, &sb) != 0) {
    eml_diag_set(diag, s->path, 0, NULL, NULL, 0, "le stockage a disparu : %s",
                 eml_errno_text(errno));
    return EML_ERR_STORE;
  }
  sqlite3_stmt *q = NULL;
  if (sqlite3_prepare_v2(s->db, "PRAGMA data_version", -1, &q, NULL) != SQLITE_OK ||
      sqlite3_step(q) != SQLITE_ROW) {
    eml_status st = db_error(s, diag, N_("lecture de la version du stockage impossible"));
    sqlite3_finalize(q);
    return st;
  }
  out->change[0] = (unsigned long long)sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  out->change[1] = (unsigned long long)sqlite3_total_changes64(s->db);
  out->file[0] = (unsigned long long)sb.st_dev;
  out->file[1] = (unsigned long long)sb.st_ino;
  return EML_OK;
}

const eml_store_ops eml_sqlite_ops = {
    .name = "sqlite",
    .close = sqlite_close,
    .schema_version = sqlite_schema_version,
    .opened_version = sqlite_opened_version,
    .version = sqlite_version,
    .transaction = sqlite_transaction,
    .has_site = sqlite_has_site,
    .has_equipment = sqlite_has_equipment,
    .has_target = sqlite_has_target,
    .has_territory = sqlite_has_territory,
    .has_note = sqlite_has_note,
    .insert_site = sqlite_insert_site,
    .insert_equipment = sqlite_insert_equipment,
    .insert_target = sqlite_insert_target,
    .insert_territory = sqlite_insert_territory,
    .insert_note = sqlite_insert_note,
    .audit = sqlite_audit,
    .each_audit = sqlite_each_audit,
    .load_register = sqlite_load_register,
    .rt_save = eml_sqlite_rt_save,
    .rt_load = eml_sqlite_rt_load,
    .imaging = &eml_sqlite_imaging_ops,
    .account_put = eml_sqlite_account_put,
    .account_each = eml_sqlite_account_each,
    .find_site = sqlite_find_site,
    .update_site = sqlite_update_site,
    .update_equipment = sqlite_update_equipment,
    .update_target = sqlite_update_target,
    .finess_put_site = sqlite_finess_put_site,
    .finess_insert_sites = sqlite_finess_insert_sites,
    .finess_each_site = sqlite_finess_each_site,
    .finess_put_location = sqlite_finess_put_location,
    .finess_find_device = sqlite_finess_find_device,
    .finess_put_device = sqlite_finess_put_device,
    .finess_unsee = sqlite_finess_unsee,
    .finess_each_unseen = sqlite_finess_each_unseen,
    .has_authorisation = sqlite_has_authorisation,
    .has_declared_device = sqlite_has_declared_device,
    .has_convention = sqlite_has_convention,
    .window_overlaps = sqlite_window_overlaps,
    .insert_authorisation = sqlite_insert_authorisation,
    .insert_declared_device = sqlite_insert_declared_device,
    .insert_convention = sqlite_insert_convention,
    .insert_window = sqlite_insert_window,
    .find_authorisation = sqlite_find_authorisation,
    .update_authorisation = sqlite_update_authorisation,
    .find_declared_device = sqlite_find_declared_device,
    .update_declared_device = sqlite_update_declared_device,
    .remove_declared_device = sqlite_remove_declared_device,
};
