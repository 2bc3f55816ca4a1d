#!/usr/bin/env bash
# test_user.sh — `eml user add|list|disable|passwd` (issue 16 item 3,
# docs/security.md "Accounts and roles"): the password read twice from the
# standard input (a mismatch, a short one, a missing second line refused
# with their messages), the checks of a name, a role and FINESS prefixes,
# the Argon2id hash stored (never the password), the list, disabling, a
# new password, and each change in the audit log without the hash.
# Runs on both backends (pg/test_user: the rows read by store-sql.sh).
set -u
source "$EML_SOURCE_DIR/tests/cli/lib.sh"
new_store
q() { bash "$src/tests/tools/store-sql.sh" "$work/t.db" "$1"; }
db=(--db "$work/t.db")
# add NAME ARGS...: eml user add with the password 'secret123' given twice
add() { local n=$1; shift; printf 'secret123\nsecret123\n' >"$work/pw"; run user add "$n" "$@" "${db[@]}" --user admin <"$work/pw"; }

add alice --role ars
expect_status 0 "add ars"
expect_line out "alice: compte créé"
add bob --role etablissement --finess 750,2A0001
expect_status 0 "add etablissement"
add carol --role lecteur
expect_status 0 "add lecteur"

# the stored hash is Argon2id with libsodium's interactive limits (2 passes,
# 64 MiB = 65536 KiB, 1 lane), and the password itself is nowhere in the file
expect_query "SELECT name, role, finess, disabled, substr(hash, 1, 31) FROM users ORDER BY name" \
"alice|ars||0|\$argon2id\$v=19\$m=65536,t=2,p=1\$
bob|etablissement|750,2A0001|0|\$argon2id\$v=19\$m=65536,t=2,p=1\$
carol|lecteur||0|\$argon2id\$v=19\$m=65536,t=2,p=1\$"
checks=$((checks + 1))
[ "$(q "SELECT count(*) FROM users WHERE hash LIKE '%secret123%'")" = 0 ] ||
  fail "the password in clear in the store"
if [ "${EML_TEST_DB:-sqlite}" != pg ]; then
  checks=$((checks + 1))
  ! grep -qa secret123 "$work/t.db" || fail "the password in clear in the store file"
fi

# errors, each to the byte
printf 'secret123\nsecret124\n' | { run user add dave --role lecteur "${db[@]}"; 
  [ "$status" = 2 ] && [ "$err" = "eml: user add : les deux mots de passe diffèrent" ] || echo "mismatch: $status $err"; } >"$work/r"
checks=$((checks + 1)); [ ! -s "$work/r" ] || fail "$(cat "$work/r")"
printf 'secret123\n' >"$work/pw"; run user add dave --role lecteur "${db[@]}" <"$work/pw"
expect_status 2 "one line only"
expect_line err "eml: user add : le mot de passe doit être donné deux fois sur l'entrée standard"
printf 'short\nshort\n' >"$work/pw"; run user add dave --role lecteur "${db[@]}" <"$work/pw"
expect_status 1 "short password"
expect_line err "eml: le mot de passe doit avoir de 8 à 1024 caractères"
add alice --role ars
expect_status 1 "twice the same name"
expect_line err "eml: le compte « alice » existe déjà"
add 'da ve' --role ars
expect_line err "eml: nom de compte « da ve » : 1 à 63 lettres, chiffres, « . », « _ », « - » ou « @ »"
add dave --role admin
expect_line err "eml: rôle « admin » : lecteur, etablissement ou ars"
add dave --role etablissement
expect_line err "eml: un compte etablissement doit avoir les préfixes FINESS de ses sites"
add dave --role lecteur --finess 75
expect_line err "eml: les préfixes FINESS sont réservés aux comptes etablissement (un compte lecteur n'en a pas)"
add dave --role etablissement --finess 75,,92
expect_line err "eml: préfixe FINESS «  » : 1 à 9 chiffres (2A, 2B pour la Corse)"
add dave --role etablissement --finess 7500000001
expect_line err "eml: préfixe FINESS « 7500000001 » : 1 à 9 chiffres (2A, 2B pour la Corse)"
run user add dave "${db[@]}" </dev/null
expect_status 2 "no role"
expect_line err "eml: l'option --role est obligatoire (par exemple --role lecteur)"
expect_query "SELECT count(*) FROM users" "3"

# disable, passwd
run user disable bob "${db[@]}" --user admin
expect_status 0 "disable"
expect_line out "bob: compte désactivé"
run user disable nobody "${db[@]}"
expect_status 1 "disable unknown"
expect_line err "eml: aucun compte « nobody »"
before=$(q "SELECT hash FROM users WHERE name = 'carol'")
printf 'another99\nanother99\n' >"$work/pw"; run user passwd carol "${db[@]}" --user admin <"$work/pw"
expect_status 0 "passwd"
expect_line out "carol: mot de passe changé"
checks=$((checks + 1))
[ "$(q "SELECT hash FROM users WHERE name = 'carol'")" != "$before" ] || fail "passwd kept the hash"

run user list "${db[@]}"
expect_status 0 "list"
checks=$((checks + 1))
got=$(sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/TIME/g' <<<"$out")
[ "$got" = "nom                  rôle          finess               état       créé le              modifié le
alice                ars           -                    actif      TIME TIME
bob                  etablissement 750,2A0001           désactivé  TIME TIME
carol                lecteur       -                    actif      TIME TIME" ] || fail "list: $got"

# the audit log: who, what, the values without the hash
expect_query "SELECT \"user\", action, entity, key, coalesce(before, '-'), after FROM audit WHERE entity = 'user' ORDER BY id" \
'admin|insert|user|alice|-|{"disabled":false,"finess":"","role":"ars"}
admin|insert|user|bob|-|{"disabled":false,"finess":"750,2A0001","role":"etablissement"}
admin|insert|user|carol|-|{"disabled":false,"finess":"","role":"lecteur"}
admin|disable|user|bob|{"disabled":false,"finess":"750,2A0001","role":"etablissement"}|{"disabled":true,"finess":"750,2A0001","role":"etablissement"}
admin|passwd|user|carol|{"disabled":false,"finess":"","role":"lecteur"}|{"disabled":false,"finess":"","role":"lecteur"}'
finish
