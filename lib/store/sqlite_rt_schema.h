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

#endif
