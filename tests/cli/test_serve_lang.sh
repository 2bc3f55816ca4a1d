#!/usr/bin/env bash
# test_serve_lang.sh — the dashboard's error pages in the run's language
# (issue 18 item 1, docs/i18n.md, docs/dashboard.md): the messages come
# from the gettext catalogue (French msgids, English in po/en.po) in the
# language the command chose (--lang, EML_LANG, the locale): French under
# LANG=C.UTF-8 and LANG=fr_FR.UTF-8, English under LANG=en_US.UTF-8 and with
# --lang en. Each server answers the same requests — an unknown page (404),
# a period without targets (404, the periods that exist), a bad date (400),
# DELETE on a page (405), a login form over its 8 KiB (413), the login
# page's labels — and each page holds its language's text and not the
# other's. The API keeps its documented English (docs/api.md) in both.
set -u
source "$EML_SOURCE_DIR/tests/cli/lib.sh"
source "$EML_SOURCE_DIR/tests/browser/serve_demo.sh"

serve_make_demo "$work/demo" || { echo "FAIL: demo data"; exit 1; }
D=$work/demo
head -c 9000 /dev/zero | tr '\0' a >"$work/big_form"

# get PATH [CURL OPTIONS]: $code and $body
get() {
  local path=$1
  shift
  code=$(curl -s -o "$work/body" -w '%{http_code}' --max-time 10 "$@" "$SERVE_URL$path")
  body=$(cat "$work/body")
}
# page STATUS THIS OTHER PATH [CURL OPTIONS]: PATH answers STATUS with the
# text THIS and without OTHER (the same message in the other language)
page() {
  local status=$1 this=$2 other=$3
  shift 3
  get "$@"
  checks=$((checks + 1))
  [ "$code" = "$status" ] || fail "$lang_case $*: HTTP $code, expected $status"
  checks=$((checks + 1))
  grep -qF -- "$this" <<<"$body" || fail "$lang_case $*: '$this' missing: ${body: -400}"
  checks=$((checks + 1))
  ! grep -qF -- "$other" <<<"$body" || fail "$lang_case $*: '$other' present"
}

# the French and English texts, to the byte (HTML-escaped as the page writes them)
fr=('<title>Erreur — eml</title>'
    '<p class="error">Erreur 404 : page inconnue</p>'
    '<p class="error">Erreur 404 : paramètre period : aucun objectif pour cette période (valeur &#39;NOPE&#39;) ; périodes existantes : SROS3-PRS</p>'
    '<p class="error">Erreur 400 : paramètre at : pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)</p>'
    '<p class="error">Erreur 405 : méthode non autorisée (le tableau de bord est en lecture seule)</p>'
    '<p class="error">Erreur 413 : formulaire trop grand (8 Kio au plus)</p>'
    'Mot de passe')
en=('<title>Error — eml</title>'
    '<p class="error">Error 404: no such page</p>'
    '<p class="error">Error 404: parameter &#39;period&#39;: no target for this period (value &#39;NOPE&#39;); periods with targets: SROS3-PRS</p>'
    '<p class="error">Error 400: parameter &#39;at&#39;: not a date (YYYY-MM-DD or DD/MM/YYYY)</p>'
    '<p class="error">Error 405: method not allowed (the dashboard is read-only)</p>'
    '<p class="error">Error 413: form too large (8 KiB at most)</p>'
    'Password')

# check_pages THIS OTHER: the names of the arrays of the expected language and of the other
check_pages() {
  local -n t=$1 o=$2
  page 404 "${t[0]}" "${o[0]}" /nope
  page 404 "${t[1]}" "${o[1]}" /nope
  page 404 "${t[2]}" "${o[2]}" "/bilan?period=NOPE"
  page 400 "${t[3]}" "${o[3]}" "/bilan?at=x"
  page 405 "${t[4]}" "${o[4]}" /bilan -X DELETE
  page 413 "${t[5]}" "${o[5]}" /login --data-binary "@$work/big_form"
  page 200 "${t[6]}" "${o[6]}" /login
  # the API: its English whatever the language
  get /api/nope
  checks=$((checks + 1))
  [ "$body" = '{
  "error": "no such page",
  "status": 404
}' ] || fail "$lang_case /api/nope: $body"
}

saved_lang=${EML_LANG-}
unset EML_LANG LC_ALL LC_MESSAGES
for lang_case in "C.UTF-8 fr" "fr_FR.UTF-8 fr" "en_US.UTF-8 en" "C.UTF-8 en --lang en"; do
  read -r locale want option <<<"$lang_case"
  export LANG=$locale
  # shellcheck disable=SC2086 # "--lang en", or nothing
  serve_start "$D" --period SROS3-PRS --at 2017-10-01 $option || exit 1
  if [ "$want" = fr ]; then check_pages fr en; else check_pages en fr; fi
  serve_stop
  checks=$((checks + 1))
  [ "$SERVE_STATUS" -eq 0 ] || fail "$lang_case: exit status $SERVE_STATUS"
done
export EML_LANG=$saved_lang
finish
