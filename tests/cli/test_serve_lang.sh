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
# Then every page (the home page's links, a machine's sheet, a stored
# campaign, /login, /logout, /upload and its result, /scenario and its
# result), under an ars account, in French by default and with --lang en:
# lang="fr"|"en", the page's own text in its language, and in English none
# of the words only the French pages hold (navigation, forms, headings,
# download links, the campaign selector, the upload progress texts the
# script takes from the page).
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

# ---- every page, as an ars account sees it -----------------------------------
A=$work/all
mkdir -p "$A"
cp "$D/eml.db" "$A/eml.db"
ln -s "$D/img" "$A/img"
printf 'secret123\nsecret123\n' | "$eml" user add ars1 --role ars --db "$A/eml.db" >/dev/null ||
  fail "user add ars1"
"$eml" imaging import --campaign demo --db "$A/eml.db" --equipment "$D/img/equipment.csv" \
  --sessions "$D/img/sessions.csv" --exams "$D/img/exams.csv" >/dev/null 2>&1 ||
  fail "imaging import demo"
# words only a French page holds (none is in the demo's data; the
# radiotherapy checklist's French rows are not yet translated)
fr_only=('lang="fr"' 'Accueil' 'Bilan des OQOS' 'Imagerie' '>Radiothérapie</a>' 'Scénario'
         'Télécharger' 'Données JSON' 'Afficher' 'Période' 'JJ/MM/AAAA' 'Année' 'Filtrer'
         'toutes</option>' 'équipements sur' 'Synthèse' 'Campagne' 'campagne' 'Retour au panel'
         'Fiche équipement' 'Tableau de bord' 'Connexion' 'Mot de passe' 'Se connecter'
         'Déconnexion' 'Envoyer' 'envoyés' 'garder les bonnes lignes' 'Appliquer'
         'Le stockage' 'Mio' 'Kio' 'Voir la campagne' 'enregistrée' 'Médianes du panel'
         'Statut inconnu' 'Capacité mobilisable' 'aucune place' 'lun. 0 h'
         'Écart' 'Avis après' 'bilan avant et après' 'copie du registre (le registre')
# PATH, the page's own French text, its English
pages=("/|Tableau de bord en lecture seule des données d'eml.|Read-only dashboard of eml's data."
       "/login|Mot de passe|Password"
       "/logout|Se déconnecter|Log out"
       "/upload|garder les bonnes lignes (sinon une seule mauvaise ligne et rien n'est enregistré)|keep the good rows (otherwise a single bad row and nothing is stored)"
       "/imaging?campaign=demo|<title>Imagerie : campagne demo — eml</title>|<title>Imaging: campaign demo — eml</title>"
       "/imaging/machine/M00001|← Retour au panel|← Back to the panel")
# the home page's links: each page's own text
linked=("/bilan|Date du bilan (JJ/MM/AAAA) <input|Balance date (DD/MM/YYYY) <input"
        "/imaging|<h2>Synthèse nationale</h2>|<h2>National summary</h2>"
        "/rt|<label>Année <input|<label>Year <input"
        "/scenario|<button type=\"submit\">Appliquer à une copie du registre</button>|<button type=\"submit\">Apply to a copy of the register</button>")
# lang_page WANT PATH THIS BODY-FILE: the page in language WANT
lang_page() {
  local want=$1 path=$2 this=$3 file=$4 w
  checks=$((checks + 1))
  grep -qF -- "<html lang=\"$want\">" "$file" || fail "$want $path: no lang=\"$want\": $(head -c 200 "$file")"
  checks=$((checks + 1))
  grep -qF -- "$this" "$file" || fail "$want $path: '$this' missing"
  if [ "$want" = fr ]; then
    checks=$((checks + 1))
    grep -qF '>Accueil</a><a href="/bilan"' "$file" || fail "fr $path: no French navigation"
  else
    for w in "${fr_only[@]}"; do
      checks=$((checks + 1))
      ! grep -qF -- "$w" "$file" ||
        fail "en $path: French '$w': $(grep -oF -- "$w" "$file" | head -1; grep -F -- "$w" "$file" | head -c 300)"
    done
  fi
}
for lang_case in "C.UTF-8 fr" "C.UTF-8 en --lang en"; do
  read -r locale want option <<<"$lang_case"
  export LANG=$locale
  # shellcheck disable=SC2086 # "--lang en", or nothing
  serve_start "$A" --period SROS3-PRS --at 2017-10-01 $option || exit 1
  U=$SERVE_URL jar=$work/jar.$want
  rm -f "$jar"
  curl -s -o "$work/form" -c "$jar" "$U/login"
  t=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/form")
  curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "csrf=$t" -d name=ars1 \
    -d password=secret123 "$U/login"
  curl -s -o "$work/page" -b "$jar" "$U/"
  # the home page links every view of the route table
  mapfile -t links < <(sed -n 's/.*<li><a href="\(\/[^"]*\)".*/\1/p' "$work/page" | grep -v '^/api')
  checks=$((checks + 1))
  [ "${links[*]}" = "/bilan /imaging /rt /scenario" ] || fail "$want: the home page's links: ${links[*]}"
  for entry in "${pages[@]}" "${linked[@]}"; do
    IFS='|' read -r path fr_text en_text <<<"$entry"
    if [ "$want" = fr ]; then this=$fr_text; else this=$en_text; fi
    code=$(curl -s -o "$work/page" -w '%{http_code}' -b "$jar" "$U$path")
    checks=$((checks + 1))
    [ "$code" = 200 ] || fail "$want $path: HTTP $code"
    lang_page "$want" "$path" "$this" "$work/page"
  done
  # the pages of a view have their download links
  checks=$((checks + 1))
  if [ "$want" = fr ]; then w='<p class="downloads">Télécharger : <a'; else w='<p class="downloads">Download: <a'; fi
  curl -s -b "$jar" "$U/bilan" | grep -qF -- "$w" || fail "$want /bilan: no '$w'"
  # the upload form's texts for the script: the page's language (nb: a
  # no-break space)
  nb=$'\xc2\xa0'
  if [ "$want" = fr ]; then
    w="data-mib=\"%s${nb}Mio\" data-point=\",\" data-sent=\"{1} envoyés sur {2} ({3}${nb}%)\" data-received=\"Fichiers envoyés : lecture et enregistrement en cours…\" data-failed=\"Échec de l’envoi : la connexion a été interrompue.\">0${nb}%</span>"
  else
    w="data-mib=\"%s${nb}MiB\" data-point=\".\" data-sent=\"{1} of {2} sent ({3}%)\" data-received=\"Files sent: reading and storing…\" data-failed=\"Sending failed: the connection was interrupted.\">0%</span>"
  fi
  checks=$((checks + 1))
  curl -s -b "$jar" "$U/upload" | grep -qF -- "$w" || fail "$want /upload: the script's texts"
  # the results of a form: /scenario sent, /upload sent
  token=$(curl -s -b "$jar" "$U/logout" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
  curl -s -o "$work/page" -b "$jar" -F "csrf=$token" -F "scenario=close NOPE" "$U/scenario"
  if [ "$want" = fr ]; then w='scénario refusé, rien n&#39;est appliqué'; else w='scenario refused, nothing is applied'; fi
  lang_page "$want" "POST /scenario" "$w" "$work/page"
  curl -s -o "$work/page" -b "$jar" -F "csrf=$token" -F "scenario=target 75 CT 1 9" "$U/scenario"
  if [ "$want" = fr ]; then w='<th scope="col" class="num">Écart après</th>'; else w='<th scope="col" class="num">Gap after</th>'; fi
  lang_page "$want" "POST /scenario (applied)" "$w" "$work/page"
  curl -s -o "$work/page" -b "$jar" -F "csrf=$token" -F campaign=sent -F rejects=1 \
    -F "equipment=@$D/img/equipment.csv" -F "sessions=@$D/img/sessions.csv" \
    -F "exams=@$D/img/exams.csv" "$U/upload"
  if [ "$want" = fr ]; then
    w='<p class="done">Campagne sent enregistrée : 30 équipements, '
  else
    w='<p class="done">Campaign sent stored: 30 machines, '
  fi
  lang_page "$want" "POST /upload" "$w" "$work/page"
  # the JSON API: its English whatever the language
  checks=$((checks + 1))
  [ "$(curl -s -b "$jar" "$U/api/nope")" = '{
  "error": "no such page",
  "status": 404
}' ] || fail "$want /api/nope"
  serve_stop
done
export EML_LANG=$saved_lang
finish
