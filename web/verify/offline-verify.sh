#!/usr/bin/env bash
# gaflight offline verifier for a verified training record (VTR) pack.
#
#   bash offline-verify.sh PACK.zip --public-key KEY.pem
#
# KEY.pem is the issuing deployment's authority public key (GET /api/authority/public-key). Needs only
# openssl (3.x), jq, unzip and sha256sum. Checks, in order:
#   1. manifest.sig is a valid Ed25519 signature of manifest.json by KEY.pem;
#   2. every file manifest.json lists is in the pack with that SHA-256 and byte size;
#   3. the pack holds no file manifest.json does not list;
#   4. every signoff in record.json verifies against its key in record.json's signing_keys.
# Prints each check; exits 0 when all hold, 1 naming the first failure, 2 on usage errors.
set -euo pipefail

usage() {
  echo "usage: bash offline-verify.sh PACK.zip --public-key KEY.pem" >&2
  exit 2
}

pack="" key=""
while [ $# -gt 0 ]; do
  case "$1" in
    --public-key) [ $# -ge 2 ] || usage; key="$2"; shift 2 ;;
    --public-key=*) key="${1#--public-key=}"; shift ;;
    -h|--help) usage ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) [ -z "$pack" ] || usage; pack="$1"; shift ;;
  esac
done
[ -n "$pack" ] && [ -n "$key" ] || usage

for tool in openssl jq unzip sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || { echo "FAIL: $tool is required" >&2; exit 2; }
done
[ -r "$pack" ] || { echo "FAIL: cannot read pack $pack"; exit 1; }
[ -r "$key" ] || { echo "FAIL: cannot read public key $key"; exit 1; }

fail() {
  echo "FAIL: $*"
  echo "RESULT: pack NOT verified"
  exit 1
}
ok() { echo "OK    $*"; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The pack's entries, as stored; refuse anything that is not a plain file name at the top level.
entries="$(unzip -Z1 "$pack" 2>/dev/null)" || fail "$pack is not a readable ZIP archive"
while IFS= read -r entry; do
  case "$entry" in
    ""|*/*|.*|*\\*) fail "unexpected entry '$entry' in the pack" ;;
  esac
done <<< "$entries"
unzip -qq -o "$pack" -d "$work/pack" >/dev/null 2>&1 || fail "cannot extract $pack"
ok "pack extracted: $(printf '%s\n' "$entries" | wc -l | tr -d ' ') entries"

dir="$work/pack"
[ -f "$dir/manifest.json" ] || fail "manifest.json missing"
[ -f "$dir/manifest.sig" ] || fail "manifest.sig missing"

# 1. The authority's signature over the exact manifest.json bytes.
tr -d '\r\n' < "$dir/manifest.sig" | openssl base64 -d -A > "$work/manifest.sig.bin" 2>/dev/null \
  || fail "manifest.sig: not base64"
if openssl pkeyutl -verify -pubin -inkey "$key" -rawin -in "$dir/manifest.json" \
     -sigfile "$work/manifest.sig.bin" >/dev/null 2>&1; then
  ok "manifest.sig: Ed25519 signature of manifest.json verifies with $(basename "$key")"
else
  fail "manifest.sig: signature of manifest.json does not verify with $(basename "$key")"
fi

jq -e '.files | type == "array"' "$dir/manifest.json" >/dev/null 2>&1 || fail "manifest.json: no files list"
vtr_id="$(jq -r '.vtr_id // "?"' "$dir/manifest.json")"

# 2. Each listed file: present, same SHA-256, same size.
declare -A listed=([manifest.json]=1 [manifest.sig]=1)
while IFS=$'\t' read -r path sha size; do
  [ -n "$path" ] || continue
  case "$path" in */*|.*) fail "manifest.json lists an unsafe path '$path'" ;; esac
  listed["$path"]=1
  [ -f "$dir/$path" ] || fail "$path: listed in manifest.json but missing from the pack"
  actual_sha="$(sha256sum "$dir/$path" | cut -d' ' -f1)"
  [ "$actual_sha" = "$sha" ] || fail "$path: SHA-256 mismatch (manifest $sha, file $actual_sha)"
  actual_size="$(wc -c < "$dir/$path" | tr -d ' ')"
  [ "$actual_size" = "$size" ] || fail "$path: size mismatch (manifest $size, file $actual_size bytes)"
  ok "$path: SHA-256 $sha, $size bytes"
done < <(jq -r '.files[] | [.path, .sha256, (.size | tostring)] | @tsv' "$dir/manifest.json")

# 3. Nothing unlisted.
while IFS= read -r entry; do
  [ -n "${listed[$entry]:-}" ] || fail "$entry: in the pack but not listed in manifest.json"
done <<< "$entries"
ok "no unlisted file in the pack"

# 4. Signoffs against the organisation keys record.json carries (vouched for by the manifest).
if [ -f "$dir/record.json" ]; then
  count="$(jq '.signoffs | length' "$dir/record.json" 2>/dev/null)" || fail "record.json: not JSON"
  i=0
  while [ "$i" -lt "$count" ]; do
    id="$(jq -r ".signoffs[$i].id" "$dir/record.json")"
    key_id="$(jq -r ".signoffs[$i].key_id" "$dir/record.json")"
    jq -j ".signoffs[$i].canonical" "$dir/record.json" > "$work/canonical.bin"
    jq -j ".signoffs[$i].signature" "$dir/record.json" | openssl base64 -d -A > "$work/signoff.sig" 2>/dev/null \
      || fail "signoff $id: signature is not base64"
    jq -r --arg k "$key_id" '.signing_keys[] | select(.key_id == $k) | .public_key_pem' "$dir/record.json" \
      > "$work/org-key.pem"
    [ -s "$work/org-key.pem" ] || fail "signoff $id: key $key_id not in record.json signing_keys"
    if openssl pkeyutl -verify -pubin -inkey "$work/org-key.pem" -rawin -in "$work/canonical.bin" \
         -sigfile "$work/signoff.sig" >/dev/null 2>&1; then
      ok "signoff $id: signature verifies with $key_id"
    else
      fail "signoff $id: signature does not verify with $key_id (record.json)"
    fi
    i=$((i + 1))
  done
  ok "$count signoff(s) verified"
fi

echo "RESULT: pack $vtr_id verified"
