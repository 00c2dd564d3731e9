#!/usr/bin/env bash
# Builds the tree of the GitLab mirror that the CI/CD Catalog publishes: GitLab wants the components under a
# top-level templates/ of a project hosted on GitLab, with a README.md (and, recommended, a LICENSE and a
# .gitlab-ci.yml that releases). This repository keeps them under gitlab/; a release copies them over:
#
#   bash gitlab/mirror.sh /path/to/mirror-checkout        # then commit, tag vX.Y.Z and push to GitLab
#
# The target directory is created if needed; files this script owns are replaced, others are left alone.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: gitlab/mirror.sh OUT_DIR}
mkdir -p "$out/templates"
cp "$here/templates/sign.yml" "$here/templates/verify.yml" "$out/templates/"
cp "$here/README.md" "$out/README.md"
cp "$here/catalog/.gitlab-ci.yml" "$out/.gitlab-ci.yml"
cp "$here/../LICENSE" "$out/LICENSE"
echo "gitlab/mirror.sh: wrote templates/sign.yml, templates/verify.yml, README.md, .gitlab-ci.yml and LICENSE to $out" >&2
