# Random edits of a generated corpus, for the property tests of --cache (build_cache.sh,
# check_partial.sh), sourced after lib.sh; the corpus is in $c. Not in subshells: bash seeds
# RANDOM anew in each, and a replayed seed must give the same edits.
#   articles              the corpus's article files, sorted
#   pick                  f= a random article
#   copy_renamed F STEP   a copy of article F as a new file, its source and ids renamed
#   common_edit K STEP    edit K (0 to 3) of article $f: a title, a date, a line deleted, a
#                         copy with its ids renamed; sets `what`
articles() { find "$c" -name '*.facts' -path '*articles*' | sort; }
pick() {
  local all
  mapfile -t all < <(articles)
  f=${all[$((RANDOM % ${#all[@]}))]}
}
copy_renamed() {
  local k
  k=$(grep -m1 -oE 'article-[0-9]+' "$1" | sed -E 's/article-0*([0-9])/\1/')
  sed -E "s/article-[0-9]+/article-new$2/; s/(^|[ ,])a$k-/\\1n${2}x-/g" "$1" \
    >"$c/articles/new-$2.facts"
}
common_edit() {
  case $1 in
  0) sed -i -E "0,/title: +\"/s//title:     \"Step $2 /" "$f"; what="title changed in $f" ;;
  1) # Another date than the first one there (the same one would leave the bytes as they were).
     local to=2024-02-29
     [ "$(grep -m1 -oE '20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]' "$f")" = $to ] && to=2024-02-28
     sed -i -E "0,/20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]/s//$to/" "$f"; what="a date in $f" ;;
  2) sed -i "$((RANDOM % $(wc -l <"$f") + 1))d" "$f"; what="a line deleted in $f" ;;
  3) copy_renamed "$f" "$2"; what="file added (copy of $f, its ids renamed)" ;;
  esac
}
