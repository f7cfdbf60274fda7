#!/usr/bin/env bash
# Proves that `buf breaking` guards the API: on a copy of proto/, each breaking edit (a removed
# field, a renumbered tag, a renamed RPC) must fail the check against proto/fazhi.binpb with the
# rule that names it, while the untouched tree and an added field must pass.
#   tests/proto/buf_breaking_test.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BUF_CACHE_DIR="$work/cache"
target=fazhi/department/v1/department.proto
failures=0

# Copies proto/ to $work/proto, applies the sed expression to $target and checks that it
# changed the file (an edit that no longer matches would make the case vacuous).
mutate() {
  rm -rf "$work/proto"
  cp -r "$root/proto" "$work/proto"
  [ -z "$1" ] && return
  sed -i "$1" "$work/proto/$target"
  if cmp -s "$root/proto/$target" "$work/proto/$target"; then
    echo "FAIL: the edit '$1' matched nothing in $target" >&2
    exit 1
  fi
}

check() {  # check <name> pass|<rule id expected in the failure>
  local name=$1 expect=$2 out rc=0
  out=$(cd "$work" && "$root/scripts/buf" breaking proto --against "$root/proto/fazhi.binpb" \
    --error-format=json 2>&1) || rc=$?
  if [ "$expect" = pass ]; then
    if [ $rc -ne 0 ]; then
      echo "FAIL: $name: buf breaking should pass, exit $rc:" >&2
      echo "$out" >&2
      failures=$((failures + 1))
      return
    fi
  elif [ $rc -eq 0 ]; then
    echo "FAIL: $name: buf breaking passed a breaking change" >&2
    failures=$((failures + 1))
    return
  elif ! grep -q "\"type\":\"$expect\"" <<<"$out"; then
    echo "FAIL: $name: buf breaking failed (exit $rc) without $expect:" >&2
    echo "$out" >&2
    failures=$((failures + 1))
    return
  fi
  echo "ok: $name ($expect)"
}

mutate ''
check "untouched tree" pass

mutate '/^  string short_name = 3;$/d'
check "remove Department.short_name" FIELD_NO_DELETE

mutate 's/^  string short_name = 3;$/  string short_name = 30;/'
check "renumber Department.short_name 3 -> 30" FIELD_NO_DELETE

mutate 's/^  rpc GetDepartment(GetDepartmentRequest)/  rpc FetchDepartment(GetDepartmentRequest)/'
check "rename RPC GetDepartment -> FetchDepartment" RPC_NO_DELETE

mutate 's/^  fazhi.common.v1.Date valid_to = 18;$/&\n  \/\/ A new optional field.\n  string nickname = 19;/'
check "add Department.nickname = 19" pass

if [ $failures -ne 0 ]; then
  echo "$failures case(s) failed" >&2
  exit 1
fi
echo "buf breaking self-test: 5 passed, 0 failed"
