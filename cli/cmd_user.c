/*
 * cmd_user.c — `eml user add|list|disable|passwd`: the accounts of the
 * dashboard (eml/account.h, docs/security.md "Accounts and roles"). A
 * password is read twice from the standard input, one line each, without
 * echo when it is a terminal (then with a prompt on the standard error);
 * the two must match. The writes go through the library (lib/domain/
 * account.c: checks, Argon2id hash, store and audit log in one
 * transaction).
 */
#include "cli.h"
#include "commands.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

/* One line of the standard input into buf (its newline removed), with
 * prompt and no echo when it is a terminal; 0 at the end of the input. */
static int read_secret(const char *prompt, char *buf, size_t size) {
  int tty = isatty(STDIN_FILENO);
  struct termios was, quiet;
  if (tty) {
    fputs(prompt, stderr);
    fflush(stderr);
    if (tcgetattr(STDIN_FILENO, &was) == 0) {
      quiet = was;
      quiet.c_lflag &= ~(tcflag_t)ECHO;
      tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    } else {
      tty = 0;
    }
  }
  int got = fgets(buf, (int)size, stdin) != NULL;
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &was);
    fputc('\n', stderr);
  }
  if (got)
    buf[strcspn(buf, "\r\n")] = '\0';
  return got;
}

/* The new password, read twice, into pw; -1 when read, else the exit
 * status after the message. */
static int read_password(const char *what, char *pw, size_t size) {
  char again[EML_PASSWORD_MAX + 2];
  int rc = -1;
  if (!read_secret(_("mot de passe : "), pw, size) ||
      !read_secret(_("mot de passe à nouveau : "), again, sizeof again))
    rc = cli_fail(CLI_EXIT_USAGE, _("%s : le mot de passe doit être donné deux fois sur l'entrée standard"),
                  what);
  else if (strcmp(pw, again) != 0)
    rc = cli_fail(CLI_EXIT_USAGE, _("%s : les deux mots de passe diffèrent"), what);
  sodium_memzero(again, sizeof again);
  return rc;
}

static int open_existing(const cli_args *a, eml_store_mode mode, eml_store **store) {
  eml_diag d;
  eml_diag_clear(&d);
  return cli_status(eml_store_open(cli_text(a, "db"), mode, store, &d), &d);
}

/* Runs a change of account NAME: the password read first when asked. */
static int change(const cli_args *a, const char *what, int with_password) {
  char pw[EML_PASSWORD_MAX + 2] = "";
  int rc = with_password ? read_password(what, pw, sizeof pw) : -1;
  eml_store *store = NULL;
  if (rc < 0)
    rc = open_existing(a, EML_STORE_OPEN_EXISTING, &store);
  if (rc <= 0 && store) {
    eml_diag d;
    eml_diag_clear(&d);
    const char *user = cli_user(cli_text(a, "user"));
    eml_status st;
    if (strcmp(what, "user add") == 0)
      st = eml_account_add(store, a->arg[0], cli_text(a, "role"), cli_text(a, "finess"), pw,
                           user, &d);
    else if (strcmp(what, "user passwd") == 0)
      st = eml_account_passwd(store, a->arg[0], pw, user, &d);
    else
      st = eml_account_disable(store, a->arg[0], user, &d);
    rc = cli_status(st, &d);
    if (!st)
      printf("%s: %s\n", a->arg[0],
             strcmp(what, "user add") == 0      ? _("compte créé")
             : strcmp(what, "user passwd") == 0 ? _("mot de passe changé")
                                                : _("compte désactivé"));
  }
  eml_store_close(store);
  sodium_memzero(pw, sizeof pw);
  return rc;
}

int cmd_user_add(const cli_args *a) { return change(a, "user add", 1); }
int cmd_user_passwd(const cli_args *a) { return change(a, "user passwd", 1); }
int cmd_user_disable(const cli_args *a) { return change(a, "user disable", 0); }

/* text then spaces to `columns` characters (UTF-8: "rôle", "désactivé"), and a space */
static void print_cell(const char *text, size_t columns) {
  size_t n = eml_display_width(text);
  printf("%s%*s ", text, (int)(n < columns ? columns - n : 0), "");
}

static eml_status print_account(void *ctx, const eml_account *acc) {
  (void)ctx;
  print_cell(acc->name, 20);
  print_cell(acc->role, 13);
  print_cell(acc->finess[0] ? acc->finess : "-", 20);
  print_cell(acc->disabled ? _("désactivé") : _("actif"), 10);
  printf("%s %s\n", acc->created, acc->updated);
  return EML_OK;
}

int cmd_user_list(const cli_args *a) {
  eml_store *store = NULL;
  int rc = open_existing(a, EML_STORE_READ_ONLY, &store);
  if (rc)
    return rc;
  print_cell(_("nom"), 20);
  print_cell(_("rôle"), 13);
  print_cell("finess", 20);
  print_cell(_("état"), 10);
  print_cell(_("créé le"), 20);
  printf("%s\n", _("modifié le"));
  eml_diag d;
  eml_diag_clear(&d);
  rc = cli_status(eml_store_account_each(store, NULL, print_account, NULL, &d), &d);
  eml_store_close(store);
  return rc;
}
