/*
 * sqlite_rt_schema.h — the radiotherapy tables of the SQLite store
 * (migration 1 -> 2 of lib/store/sqlite.c; spec radiotherapy.md "Inputs";
 * migration 5 -> 6 adds rt_centre.derogation and derogation_source, the
 * 2023 regime's single-accelerator derogation; migration 6 -> 7 adds
 * rt_machine.replaces, the machine_id a machine replaces, '' for none).
 * One table per input file, one row per loaded row. `patient` holds the
 * pseudonym (64 hex digits of a keyed BLAKE2b), never the identifier;
 * rt_key holds a check value of the key (the pseudonym of a fixed text),
 * never the key. Codes are the enum values of eml/rt.h: kind 0 LINAC,
 * 1 COBALT, 2 BRACHY, 3 SIMULATOR; role 0 ONCOLOGIST, 1 PHYSICIST, 2 RTT,
 * 3 DOSIMETRIST; single_machine_case 0 none, 1 legacy, 2 transitional,
 * 3 isolated; dosimetry_3d 0 none, 1 on_site, 2 agreement; modality
 * 0 EXTERNAL, 1 BRACHY; technique 0 STANDARD, 1 TBI, 2 TSEI, 3 SRS, 4 SRT,
 * 5 IORT, 6 PEDIATRIC, 7 SPECIAL_BRACHY. Dates are ISO text; a passage's
 * start is local time with its offset (2024-03-04T09:00:00+01:00);
 * time_flags keeps whether the local time read was ambiguous (1) or skipped
 * (2) by a daylight-saving change, for the data-quality table.
 *
 * Migration 7 -> 8 (EML_SQLITE_RT_COMPACT, issue 17) rewrites these tables
 * in a compact form, converting the rows stored: every table gets an `id`,
 * the row's index in its file (0, 1, ...), and rows name each other by it
 * (centre, machine, course, continues); patients are integer keys to one
 * table of pseudonyms, rt_patient (a passage's patient is its course's:
 * the reader checks it, so rt_session keeps none); dates are days since
 * 1970-01-01 (eml_date) and a passage's start seconds since
 * 1970-01-01T00:00:00Z (eml_time; its local time and offset follow from
 * Europe/Paris). No foreign keys and no index: the writer stores a data set
 * the reader has checked whole, in one transaction, and the loader checks
 * every reference is in range. 3.78 M passages: about 20 bytes each
 * instead of 200 (docs/scale.md).
 */
#ifndef EML_SQLITE_RT_SCHEMA_H
#define EML_SQLITE_RT_SCHEMA_H

#define EML_SQLITE_RT_SCHEMA                                                                   \
  "CREATE TABLE rt_key(key_check TEXT NOT NULL);"                                              \
  "CREATE TABLE rt_centre(finess TEXT PRIMARY KEY, name TEXT NOT NULL, territory TEXT NOT NULL," \
  " teaching INTEGER NOT NULL, single_machine_case INTEGER NOT NULL,"                          \
  " ct_simulation INTEGER NOT NULL, conventional_dosimetry INTEGER NOT NULL,"                  \
  " dosimetry_3d INTEGER NOT NULL, imaging_access_h REAL NOT NULL, network INTEGER NOT NULL,"  \
  " hdr_oncologist INTEGER NOT NULL, hdr_physicist INTEGER NOT NULL,"                          \
  " cooperation_agreement INTEGER NOT NULL);"                                                  \
  "CREATE TABLE rt_machine(machine_id TEXT PRIMARY KEY,"                                        \
  " finess TEXT NOT NULL REFERENCES rt_centre(finess), kind INTEGER NOT NULL,"                 \
  " photon_mv TEXT NOT NULL, electrons INTEGER NOT NULL, mlc INTEGER NOT NULL,"                \
  " portal_imaging INTEGER NOT NULL, imrt INTEGER NOT NULL, in_vivo_dosimetry INTEGER NOT NULL," \
  " parameter_control INTEGER NOT NULL, in_service_from TEXT NOT NULL, in_service_until TEXT);" \
  "CREATE TABLE rt_staff(finess TEXT NOT NULL REFERENCES rt_centre(finess),"                    \
  " year INTEGER NOT NULL, role INTEGER NOT NULL, fte REAL NOT NULL);"                         \
  "CREATE TABLE rt_course(course_id TEXT PRIMARY KEY, patient TEXT NOT NULL,"                   \
  " finess TEXT NOT NULL REFERENCES rt_centre(finess), pathology TEXT NOT NULL,"               \
  " modality INTEGER NOT NULL, technique INTEGER NOT NULL, started_on TEXT NOT NULL,"          \
  " closed_on TEXT, continues TEXT REFERENCES rt_course(course_id));"                          \
  "CREATE TABLE rt_session(patient TEXT NOT NULL,"                                              \
  " course_id TEXT NOT NULL REFERENCES rt_course(course_id),"                                  \
  " machine_id TEXT NOT NULL REFERENCES rt_machine(machine_id), start TEXT NOT NULL,"          \
  " fields INTEGER NOT NULL, inpatient INTEGER NOT NULL, time_flags INTEGER NOT NULL);"                                     \
  "CREATE INDEX rt_session_course ON rt_session(course_id);"                                   \
  "CREATE INDEX rt_session_machine ON rt_session(machine_id);"

/* Dates as ISO text to days since 1970-01-01 (julianday of 1970-01-01 is
 * 2440587.5), a start with its offset to seconds since 1970 (SQLite's date
 * functions read the offset); the index of a row is its rank by rowid, the
 * order the old loader read. */
#define RT_DAYS(col) "CAST(julianday(" col ") - 2440587.5 AS INTEGER)"
#define RT_RANK "row_number() OVER (ORDER BY rowid) - 1"

#define EML_SQLITE_RT_COMPACT                                                                  \
  "CREATE TABLE rt_patient(id INTEGER PRIMARY KEY, pseudonym TEXT NOT NULL);"                 \
  "INSERT INTO rt_patient SELECT row_number() OVER (ORDER BY min(rowid)) - 1, patient"        \
  " FROM rt_course GROUP BY patient;"                                                          \
  "CREATE TABLE rt_centre_7(id INTEGER PRIMARY KEY, finess TEXT NOT NULL UNIQUE,"              \
  " name TEXT NOT NULL, territory TEXT NOT NULL, teaching INTEGER NOT NULL,"                   \
  " single_machine_case INTEGER NOT NULL, ct_simulation INTEGER NOT NULL,"                     \
  " conventional_dosimetry INTEGER NOT NULL, dosimetry_3d INTEGER NOT NULL,"                   \
  " imaging_access_h REAL NOT NULL, network INTEGER NOT NULL, hdr_oncologist INTEGER NOT NULL," \
  " hdr_physicist INTEGER NOT NULL, cooperation_agreement INTEGER NOT NULL,"                   \
  " derogation INTEGER NOT NULL, derogation_source TEXT NOT NULL);"                            \
  "INSERT INTO rt_centre_7 SELECT " RT_RANK ", finess, name, territory, teaching,"             \
  " single_machine_case, ct_simulation, conventional_dosimetry, dosimetry_3d, imaging_access_h," \
  " network, hdr_oncologist, hdr_physicist, cooperation_agreement, derogation,"                \
  " derogation_source FROM rt_centre;"                                                         \
  "CREATE TABLE rt_machine_7(id INTEGER PRIMARY KEY, machine_id TEXT NOT NULL UNIQUE,"         \
  " centre INTEGER NOT NULL, kind INTEGER NOT NULL, photon_mv TEXT NOT NULL,"                  \
  " electrons INTEGER NOT NULL, mlc INTEGER NOT NULL, portal_imaging INTEGER NOT NULL,"        \
  " imrt INTEGER NOT NULL, in_vivo_dosimetry INTEGER NOT NULL,"                                \
  " parameter_control INTEGER NOT NULL, in_service_from INTEGER NOT NULL,"                     \
  " in_service_until INTEGER, replaces TEXT NOT NULL);"                                                                \
  "INSERT INTO rt_machine_7 SELECT " RT_RANK ", machine_id,"                                   \
  " (SELECT id FROM rt_centre_7 c WHERE c.finess = m.finess), kind, photon_mv, electrons, mlc," \
  " portal_imaging, imrt, in_vivo_dosimetry, parameter_control, " RT_DAYS("in_service_from")   \
  ", " RT_DAYS("in_service_until") ", replaces FROM rt_machine m;"                                       \
  "CREATE TABLE rt_staff_7(centre INTEGER NOT NULL, year INTEGER NOT NULL,"                    \
  " role INTEGER NOT NULL, fte REAL NOT NULL);"                                                \
  "INSERT INTO rt_staff_7 SELECT (SELECT id FROM rt_centre_7 c WHERE c.finess = s.finess),"    \
  " year, role, fte FROM rt_staff s ORDER BY rowid;"                                           \
  "CREATE TABLE rt_course_7(id INTEGER PRIMARY KEY, course_id TEXT NOT NULL,"                  \
  " patient INTEGER NOT NULL, centre INTEGER NOT NULL, pathology TEXT NOT NULL,"               \
  " modality INTEGER NOT NULL, technique INTEGER NOT NULL, started_on INTEGER NOT NULL,"       \
  " closed_on INTEGER, continues INTEGER);"                                                    \
  "INSERT INTO rt_course_7 SELECT " RT_RANK ", course_id,"                                     \
  " (SELECT id FROM rt_patient p WHERE p.pseudonym = k.patient),"                              \
  " (SELECT id FROM rt_centre_7 c WHERE c.finess = k.finess), pathology, modality, technique," \
  " " RT_DAYS("started_on") ", " RT_DAYS("closed_on") ", continues FROM rt_course k;"         \
  "CREATE INDEX rt_course_7_id ON rt_course_7(course_id);"                                     \
  "UPDATE rt_course_7 SET continues = (SELECT id FROM rt_course_7 c"                           \
  " WHERE c.course_id = rt_course_7.continues) WHERE continues IS NOT NULL;"                   \
  "CREATE TABLE rt_session_7(course INTEGER NOT NULL, machine INTEGER NOT NULL,"               \
  " start INTEGER NOT NULL, fields INTEGER NOT NULL, inpatient INTEGER NOT NULL,"              \
  " time_flags INTEGER NOT NULL);"                                                             \
  "INSERT INTO rt_session_7 SELECT k.id, m.id, CAST(strftime('%s', s.start) AS INTEGER),"      \
  " s.fields, s.inpatient, s.time_flags FROM rt_session s"                                     \
  " JOIN rt_course_7 k ON k.course_id = s.course_id"                                           \
  " JOIN rt_machine_7 m ON m.machine_id = s.machine_id ORDER BY s.rowid;"                      \
  "DROP INDEX rt_course_7_id;"                                                                 \
  "DROP TABLE rt_session; DROP TABLE rt_course; DROP TABLE rt_staff; DROP TABLE rt_machine;"   \
  "DROP TABLE rt_centre;"                                                                      \
  "ALTER TABLE rt_centre_7 RENAME TO rt_centre; ALTER TABLE rt_machine_7 RENAME TO rt_machine;" \
  "ALTER TABLE rt_staff_7 RENAME TO rt_staff; ALTER TABLE rt_course_7 RENAME TO rt_course;"    \
  "ALTER TABLE rt_session_7 RENAME TO rt_session;"

/* Migration 9 -> 10 (issue 17): the passages packed by blocks, one row of
 * rt_passages for up to 65,536 of them (sqlite_rt.c, "passages, packed":
 * 22 little-endian bytes each, course, machine, start, fields, inpatient,
 * time_flags, in the order of the file); the rows of rt_session converted
 * in one block by the aggregate eml_rt_pack (sqlite_rt.c), in rowid order. */
#define EML_SQLITE_RT_PACKED                                                                   \
  "CREATE TABLE rt_passages(id INTEGER PRIMARY KEY, passages INTEGER NOT NULL,"                \
  " data BLOB NOT NULL);"                                                                      \
  "INSERT INTO rt_passages SELECT 0, count(*),"                                                \
  " eml_rt_pack(course, machine, start, fields, inpatient, time_flags)"                        \
  " FROM (SELECT * FROM rt_session ORDER BY rowid) HAVING count(*) > 0;"                       \
  "DROP TABLE rt_session;"

#endif
