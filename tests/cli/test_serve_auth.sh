#!/usr/bin/env bash
# test_serve_auth.sh — logins and roles of `eml serve` (issue 16 item 3;
# docs/security.md "Accounts and roles"), over HTTP with curl on the
# loopback:
#  - with no account the dashboard stays open (read-only) and a POST
#    /login is refused;
#  - the matrix of routes x roles (not logged in, lecteur, etablissement of
#    site A = FINESS 750000010 which holds machine M00001, ars): each
#    route's status, 200, 302 to /login (pages), 401 (API) or 403;
#  - the session cookie (64 hex digits, HttpOnly; SameSite=Strict; Path=/),
#    the CSRF token (a POST without it gets 403: login and logout), logout;
#  - a session of an account disabled since its login is refused, and the
#    disabled account cannot log in;
#  - five wrong passwords in a row from one address: the next try, even
#    with the right password, gets 429 with Retry-After: 1 until a second
#    has passed; then the right password works again;
#  - TLS (--tls-cert/--tls-key, a self-signed certificate made here by
#    openssl; skipped without it): HTTPS answers and the cookie gets Secure.
set -u
source "$EML_SOURCE_DIR/tests/cli/lib.sh"
source "$EML_SOURCE_DIR/tests/browser/serve_demo.sh"

serve_make_demo "$work/demo" || { echo "FAIL: demo data"; exit 1; }
D=$work/demo
serve_start "$D" --period SROS3-PRS --at 2017-10-01 || exit 1
U=$SERVE_URL

# get PATH [CURL OPTIONS]: $code, $body and $headers of a GET
get() {
  local path=$1
  shift
  code=$(curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' --max-time 20 "$@" "$U$path")
  body=$(cat "$work/body")
  headers=$(tr -d '\r' <"$work/headers")
}
expect_code() {
  checks=$((checks + 1))
  [ "$code" = "$1" ] || fail "$2: HTTP $code, expected $1 (body: ${body:0:200})"
}
header() { sed -n "s/^$1: //Ip" <<<"$headers" | head -1; }
adduser() { printf 'secret123\nsecret123\n' | "$eml" user add "$@" --db "$D/eml.db" >/dev/null ||
  fail "user add $*"; }

# ---- no account: open, read-only ------------------------------------------------
get /bilan
expect_code 200 "no account: /bilan"
get /imaging/machine/M00002
expect_code 200 "no account: a machine sheet"
get /api/rt
expect_code 200 "no account: /api/rt"
get /login -c "$work/jar0"
expect_code 200 "no account: the login form"
token=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' <<<"$body")
get /login -b "$work/jar0" --data-urlencode "csrf=$token" -d name=x -d password=y
expect_code 403 "no account: POST /login"
checks=$((checks + 1))
grep -qF 'Erreur 403 : aucun compte : le tableau de bord est ouvert en lecture seule' <<<"$body" ||
  fail "no account: the message of POST /login: $body"

# ---- accounts ---------------------------------------------------------------
adduser lect --role lecteur
adduser etab --role etablissement --finess 750000010
adduser ars --role ars
adduser etab2 --role etablissement --finess 75

# login NAME PASSWORD JAR: the form, then its POST; $code of the POST
login() {
  rm -f "$3"
  get /login -c "$3"
  token=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' <<<"$body")
  get /login -b "$3" -c "$3" --data-urlencode "csrf=$token" --data-urlencode "name=$1" \
    --data-urlencode "password=$2" --data-urlencode "next=/bilan"
}
login lect secret123 "$work/lect"
expect_code 302 "login lecteur"
checks=$((checks + 1))
[ "$(header Location)" = "/bilan" ] || fail "login: Location $(header Location), expected /bilan"
# the session cookie: 32 random bytes in hex, HttpOnly, SameSite=Strict, Path=/ (no Secure in HTTP)
checks=$((checks + 1))
grep -Eqx 'Set-Cookie: eml_session=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=/' <<<"$headers" ||
  fail "the session cookie: $(grep -i set-cookie <<<"$headers")"
login etab secret123 "$work/etab"
expect_code 302 "login etablissement"
login ars secret123 "$work/ars"
expect_code 302 "login ars"
# a password holding a space, '+', '&', '=', '%' and a non-ASCII letter: the
# form's fields decoded by the post processor ('+' a space, %XX a byte); the
# failure first, so that the success resets the address's count
printf 'mot de+passe&=%%é\nmot de+passe&=%%é\n' | "$eml" user add odd --role lecteur --db "$D/eml.db" \
  >/dev/null || fail "user add odd"
login odd 'mot de passe&=%é' "$work/odd"
expect_code 401 "login with that password's '+' sent as a space"
login odd 'mot de+passe&=%é' "$work/odd"
expect_code 302 "login with an urlencoded password holding + & = % é"

# ---- the matrix: route, then not logged in, lecteur, etablissement A, ars --------
# (a page not logged in: 302 to /login?next=PATH; the API: 401)
matrix="/ 302 200 200 200
/bilan 302 200 200 200
/imaging 302 200 200 200
/imaging/machine/M00001 302 403 200 200
/imaging/machine/M00002 302 403 403 200
/rt 302 200 200 200
/logout 302 200 200 200
/upload 302 403 200 200
/api 401 200 200 200
/api/bilan 401 200 200 200
/api/imaging 401 200 200 200
/api/imaging/machines 401 200 200 200
/api/imaging/machine/M00001 401 403 200 200
/api/imaging/machine/M00002 401 403 403 200
/api/rt 401 200 200 200
/eml.js 200 200 200 200
/login 200 200 200 200"
while read -r route anon lect etab ars; do
  get "$route"
  expect_code "$anon" "$route not logged in"
  if [ "$anon" = 302 ]; then
    checks=$((checks + 1))
    [ "$(header Location)" = "/login?next=$route" ] || fail "$route: Location $(header Location)"
  fi
  get "$route" -b "$work/lect"
  expect_code "$lect" "$route as lecteur"
  get "$route" -b "$work/etab"
  expect_code "$etab" "$route as etablissement of site A"
  get "$route" -b "$work/ars"
  expect_code "$ars" "$route as ars"
done <<<"$matrix"
get /api/bilan
checks=$((checks + 1))
[ "$body" = '{
  "error": "login required (POST /login)",
  "status": 401
}' ] || fail "the API's 401: $body"
get /imaging/machine/M00002 -b "$work/etab"
checks=$((checks + 1))
grep -qF "Erreur 403 : ce compte n&#39;a pas accès à cette page" <<<"$body" ||
  grep -qF "Erreur 403 : ce compte n'a pas accès à cette page" <<<"$body" || fail "403 page: $body"
get /imaging/machine/M99999 -b "$work/etab"
expect_code 404 "an unknown machine as etablissement"
get /bilan -b "eml_session=$(printf '0%.0s' $(seq 64))"
expect_code 302 "a made-up session id"

# ---- CSRF ---------------------------------------------------------------------
get /login -c "$work/jar1"
get /login -b "$work/jar1" -d name=ars -d password=secret123
expect_code 403 "POST /login without the CSRF token"
checks=$((checks + 1))
grep -qF 'Erreur 403 : jeton CSRF absent ou faux : rechargez la page de connexion' <<<"$body" ||
  fail "CSRF message: $body"
head -c 9000 /dev/zero | tr '\0' a >"$work/big_form"
get /login -b "$work/jar1" --data-binary "@$work/big_form"
expect_code 413 "a login form above 8 KiB"
checks=$((checks + 1))
grep -qF '<p class="error">Erreur 413 : formulaire trop grand (8 Kio au plus)</p>' <<<"$body" ||
  fail "413 login form message: $body"
# the same cap on a form sent without its length (chunked): cut on the way
get /login -b "$work/jar1" -H 'Transfer-Encoding: chunked' --data-binary "@$work/big_form"
expect_code 413 "a chunked login form"
get /logout -b "$work/lect" -X POST --data-binary "@$work/big_form"
expect_code 413 "a logout form above 8 KiB"
get /login -b "$work/jar1" -H 'Content-Type: text/plain' -d 'csrf=x'
expect_code 415 "a login body that is not a form"
checks=$((checks + 1))
grep -qF '<p class="error">Erreur 415 : corps illisible : un formulaire (urlencoded ou multipart) est attendu</p>' <<<"$body" ||
  fail "415 login message: $body"
get /logout -b "$work/lect" -X POST -d x=1
expect_code 403 "POST /logout without the CSRF token"
get /logout -b "$work/lect" -X POST -d csrf=0123
expect_code 403 "POST /logout with a wrong CSRF token"
get /bilan -b "$work/lect"
expect_code 200 "the session kept after the refused logout"
get /logout -b "$work/lect"
token=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' <<<"$body")
get /logout -b "$work/lect" --data-urlencode "csrf=$token"
expect_code 302 "POST /logout with its token"
checks=$((checks + 1))
grep -qx 'Set-Cookie: eml_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0' <<<"$headers" ||
  fail "logout clears the cookie: $headers"
get /bilan -b "$work/lect"
expect_code 302 "the session ended by logout"

# ---- a disabled account ---------------------------------------------------------
login etab2 secret123 "$work/etab2"
expect_code 302 "login etab2"
get /imaging/machine/M00002 -b "$work/etab2"
expect_code 200 "etab2 (prefix 75) sees M00002"
"$eml" user disable etab2 --db "$D/eml.db" >/dev/null || fail "user disable"
get /imaging/machine/M00002 -b "$work/etab2"
expect_code 302 "the session of a disabled account"
get /api/bilan -b "$work/etab2"
expect_code 401 "the session of a disabled account (API)"
login etab2 secret123 "$work/etab2"
expect_code 401 "login of a disabled account"
checks=$((checks + 1))
grep -qF 'compte ou mot de passe faux (ou compte désactivé)' <<<"$body" || fail "401 page: $body"
login ars secret123 "$work/ars" # resets this address's count of failures
expect_code 302 "login ars again"

# ---- five wrong passwords in a row: slowed down ------------------------------------
for i in 1 2 3 4 5; do
  login lect wrong-password "$work/bad"
  expect_code 401 "wrong password $i"
done
login lect secret123 "$work/bad"
expect_code 429 "the sixth try at once, right password"
checks=$((checks + 1))
[ "$(header Retry-After)" = 1 ] || fail "Retry-After: $(header Retry-After), expected 1"
grep -qF "trop d'essais manqués : réessayez dans 1 s" <<<"$body" ||
  grep -qF "trop d&#39;essais manqués : réessayez dans 1 s" <<<"$body" || fail "429 page: $body"
sleep 1.2
login lect secret123 "$work/lect"
expect_code 302 "the right password after the wait"
get /bilan -b "$work/lect"
expect_code 200 "logged in after the wait"
serve_stop
checks=$((checks + 1))
[ "$SERVE_STATUS" = 0 ] || fail "eml serve stopped with $SERVE_STATUS"

# ---- TLS ----------------------------------------------------------------------
if ! command -v openssl >/dev/null; then
  skip_part "no openssl: TLS not tested"
else
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
    -days 2 -subj /CN=localhost >/dev/null 2>&1 || fail "openssl req"
  run serve --db "$D/eml.db" --tls-cert "$work/cert.pem"
  expect_status 2 "--tls-cert alone"
  expect_line err "eml: les options --tls-cert et --tls-key vont ensemble"
  run serve --db "$D/eml.db" --tls-cert "$work/nothing.pem" --tls-key "$work/key.pem"
  expect_line err "eml: option --tls-cert : lecture d'un fichier PEM impossible (valeur « $work/nothing.pem »)"
  serve_start "$D" --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" || exit 1
  U=$SERVE_URL
  checks=$((checks + 1))
  [ "${U%%:*}" = https ] || fail "serving line: $U"
  get /login -k -c "$work/tls"
  expect_code 200 "HTTPS: the login form"
  token=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' <<<"$body")
  get /login -k -b "$work/tls" -c "$work/tls" --data-urlencode "csrf=$token" -d name=ars \
    -d password=secret123
  expect_code 302 "HTTPS: login"
  checks=$((checks + 1))
  grep -Eqx 'Set-Cookie: eml_session=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=/; Secure' \
    <<<"$headers" || fail "HTTPS: the cookie has no Secure: $headers"
  get /imaging/machine/M00002 -k -b "$work/tls"
  expect_code 200 "HTTPS: ars reads a machine sheet"
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://${U#https://}/bilan")
  checks=$((checks + 1))
  [ "$code" != 200 ] || fail "plain HTTP answered on the TLS port"
  serve_stop
fi
finish
