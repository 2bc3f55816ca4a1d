/*
 * cmd_finess.c — `eml import finess`: loads sites and devices from the
 * national FINESS extractions (finess.md; issue 8) and the AMM
 * authorisations file of the 2023 regime (FILE, root <fluxarhgos>;
 * docs/regime-2023.md, issue 13) through eml_finess_import, then prints
 * what was read, loaded, skipped (outside the region) and rejected, and
 * what changed in the register.
 */
#include "cli.h"
#include "commands.h"

#include <string.h>

#define MAX_TERRITORIES 128

static void print_counts(const char *path, const eml_finess_counts *c) {
  char counts[256];
  cli_counts_text(counts, sizeof counts, c->read, c->loaded, c->skipped, c->rejected);
  printf("%s: %s\n", path, counts);
}

/* The AMM file: its date, counts, and the count elements it left nil or
 * absent (read as 0), once each. */
static void print_amm(const char *path, const eml_finess_result *res) {
  if (res->amm_extraction_date[0])
    printf(_("%s: extraction du %s\n"), path, res->amm_extraction_date);
  print_counts(path, &res->amm);
  const char *sep = NULL; /* the list's ":" is the language's (" :" in French) */
  for (size_t i = 0; i < res->amm_ncounts; i++) {
    if (!res->amm_nil_or_absent[i])
      continue;
    if (!sep)
      printf(_("%s: nombres d'appareils vides ou absents, lus 0 (enregistrements) :"), path);
    printf("%s%s %ld", sep ? sep : " ", res->amm_count_element[i], res->amm_nil_or_absent[i]);
    sep = ", ";
  }
  if (sep)
    putchar('\n');
}

int cmd_import_finess(const cli_args *a) {
  const char *db = cli_text(a, "db"), *territories[MAX_TERRITORIES];
  cli_problem_report report = {0, 0};
  eml_finess_options o = {.establishments_path = cli_text(a, "establishments"),
                          .equipment_path = cli_text(a, "equipment"),
                          .region = cli_text(a, "region"),
                          .codes_path = cli_text(a, "codes"),
                          .territories = territories,
                          .rejects_path = cli_text(a, "rejects"),
                          .hooks = {cli_print_problem, cli_print_warning, &report}};
  o.nterritories = cli_list(a, "territory", territories, MAX_TERRITORIES);
  if (o.nterritories > MAX_TERRITORIES)
    return cli_fail(CLI_EXIT_USAGE, _("option --territory : au plus %d"), MAX_TERRITORIES);
  if ((o.encoding_given = cli_given(a, "encoding") > 0))
    o.encoding = (eml_encoding)cli_choice(a, "encoding");
  o.user = cli_user(cli_text(a, "user"));
  eml_diag d;
  eml_diag_clear(&d);
  if (a->n_args) { /* the AMM file, told by its root */
    char root[64];
    eml_status rs = eml_finess_xml_root(a->arg[0], root, sizeof root, &d);
    if (rs) {
      cli_print_diag(&d);
      fprintf(stderr, _("eml: %s: rien n'est chargé\n"), a->arg[0]);
      return cli_exit_code(rs);
    }
    if (strcmp(root, "fluxarhgos") != 0)
      return cli_fail(CLI_EXIT_DATA,
                      _("%s: pas le fichier des autorisations AMM (racine <%s>, attendu "
                        "<fluxarhgos>) ; les autres extractions vont avec --establishments et "
                        "--equipment"),
                      a->arg[0], root);
    o.amm_path = a->arg[0];
    o.amm_codes_path = cli_text(a, "amm-codes");
  } else if (!o.establishments_path) {
    return cli_fail(CLI_EXIT_USAGE,
                    _("l'option --establishments est obligatoire (voir « eml import finess --help »)"));
  }
  if (o.equipment_path && !o.establishments_path)
    return cli_fail(CLI_EXIT_USAGE, _("l'option --equipment demande --establishments (ses implantations)"));
  eml_store *store;
  eml_status st = eml_store_open(db, EML_STORE_OPEN_EXISTING, &store, &d);
  if (st) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  eml_finess_result res;
  st = eml_finess_import(store, &o, &res, &d);
  eml_store_close(store);
  if (st && st != EML_ERR_REJECTED) {
    cli_print_diag(&d);
    /* the input that stopped the import (the AMM file when it is the one) */
    const char *stopped = o.establishments_path ? o.establishments_path : o.amm_path;
    if (o.amm_path && strcmp(d.file, o.amm_path) == 0)
      stopped = o.amm_path;
    fprintf(stderr, _("eml: %s: rien n'est chargé\n"), stopped);
    return cli_exit_code(st);
  }
  if (report.suppressed)
    fprintf(stderr,
            _n("eml: ... et %ld mauvais enregistrement de plus\n",
               "eml: ... et %ld mauvais enregistrements de plus\n", report.suppressed),
            report.suppressed);
  if (o.establishments_path) {
    printf(_("%s: extraction du %s, lu en %s\n"), o.establishments_path, res.extraction_date,
           res.encoding_read == EML_ENC_UTF8 ? "UTF-8" : "Windows-1252");
    print_counts(o.establishments_path, &res.establishments);
  }
  if (o.equipment_path)
    print_counts(o.equipment_path, &res.equipment);
  if (o.amm_path)
    print_amm(o.amm_path, &res);
  if (!res.committed) {
    long bad = res.establishments.rejected + res.equipment.rejected + res.amm.rejected;
    fprintf(stderr,
            _n("eml: rien n'est chargé : %ld mauvais enregistrement ; le corriger, ou "
               "charger les bons avec --rejects FICHIER\n",
               "eml: rien n'est chargé : %ld mauvais enregistrements ; les corriger, ou "
               "charger les bons avec --rejects FICHIER\n", bad),
            bad);
    return CLI_EXIT_DATA;
  }
  if (o.establishments_path)
    printf(_("registre : sites nouveaux %ld, mis à jour %ld, avec coordonnées %ld ; appareils "
             "nouveaux %ld, mis à jour %ld, clos %ld\n"),
           res.sites_new, res.sites_updated, res.locations, res.devices_new, res.devices_updated,
           res.devices_ended);
  if (o.amm_path) {
    printf(_("registre : autorisations nouvelles %ld, mises à jour %ld, closes %ld ; appareils "
             "déclarés nouveaux %ld, mis à jour %ld, retirés %ld\n"),
           res.authorisations_new, res.authorisations_updated, res.authorisations_ended,
           res.declared_new, res.declared_updated, res.declared_removed);
    if (res.amm_equipment_new || res.amm_equipment_updated || res.amm_equipment_ended)
      printf(_("registre : autorisations par appareil (caissons hyperbares, cyclotrons) "
               "nouvelles %ld, mises à jour %ld, closes %ld\n"),
             res.amm_equipment_new, res.amm_equipment_updated, res.amm_equipment_ended);
  }
  if (res.devices_ignored_code)
    printf(_n("registre : %ld appareil d'un code associé à « - » (non compté par eml) ignoré\n",
              "registre : %ld appareils de codes associés à « - » (non comptés par eml) "
              "ignorés\n",
              res.devices_ignored_code),
           res.devices_ignored_code);
  if (res.devices_flagged)
    printf(_n("registre : %ld appareil caduc ou supprimé sans date, clos à la date de "
              "l'extraction (signalé)\n",
              "registre : %ld appareils caducs ou supprimés sans date, clos à la date de "
              "l'extraction (signalés)\n",
              res.devices_flagged),
           res.devices_flagged);
  const char *inputs[3] = {o.establishments_path, o.equipment_path, o.amm_path};
  const long rejected[3] = {res.establishments.rejected, res.equipment.rejected,
                            res.amm.rejected};
  size_t ninputs = (o.establishments_path != NULL) + (o.equipment_path != NULL) +
                   (o.amm_path != NULL);
  for (int i = 0; st == EML_ERR_REJECTED && i < 3; i++) {
    char path[4096];
    if (!inputs[i])
      continue;
    eml_rejects_path(o.rejects_path, ninputs, inputs[i], path, sizeof path);
    if (rejected[i])
      fprintf(stderr,
              _n("eml: %ld mauvais enregistrement écrit dans %s\n",
                 "eml: %ld mauvais enregistrements écrits dans %s\n", rejected[i]),
              rejected[i], path);
  }
  return st ? CLI_EXIT_DATA : CLI_EXIT_OK;
}
