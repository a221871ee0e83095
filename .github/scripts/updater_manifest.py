#!/usr/bin/env python3
"""Writes the updater manifest (`latest.json`) for one GitHub release, from its assets.

The release workflow's build jobs upload the installers and, for each, the minisign signature
Tauri writes next to it (`<installer>.sig`, because the release build sets
`bundle.createUpdaterArtifacts`). Once every build job has finished, this script reads the
release's assets once and writes one manifest, so parallel jobs never race to edit it.

    updater_manifest.py --repo OWNER/NAME --tag v1.2.0 --sig-dir DIR --assets ASSETS.json \
        [--notes TEXT] [--require linux-x86_64,windows-x86_64,...] > latest.json

ASSETS.json is `gh release view TAG --json assets` (only the asset names are used); DIR holds
the downloaded `*.sig` assets. The manifest has the format the Tauri updater reads: `version`,
`notes`, `pub_date`, and `platforms` keyed `<os>-<arch>-<bundle>` (each installer kind, which an
updater that knows how it was installed looks up first) and `<os>-<arch>` (the fallback: the
AppImage on Linux, the MSI on Windows, the app archive on macOS).

Standard library only: it runs on any runner with Python 3.8+.
"""

import argparse
import datetime
import json
import pathlib
import re
import sys
import urllib.parse

# (pattern on the asset name, os, bundle); the arch is the pattern's first group.
KINDS = [
    (re.compile(r"_(amd64|aarch64|arm64|i386|armhf)\.AppImage$"), "linux", "appimage"),
    (re.compile(r"_(amd64|arm64|i386|armhf)\.deb$"), "linux", "deb"),
    (re.compile(r"\.(x86_64|aarch64|i686|armhfp)\.rpm$"), "linux", "rpm"),
    (re.compile(r"_(x64|arm64|x86)-setup\.exe$"), "windows", "nsis"),
    (re.compile(r"_(x64|arm64|x86)_[A-Za-z-]+\.msi$"), "windows", "msi"),
    # tauri-action renames macOS updater archives to `<name>_<arch>.app.tar.gz`.
    (re.compile(r"_(aarch64|x64|universal)\.app\.tar\.gz$"), "darwin", "app"),
]

ARCH = {
    "amd64": "x86_64", "x64": "x86_64", "x86_64": "x86_64",
    "arm64": "aarch64", "aarch64": "aarch64",
    "i386": "i686", "x86": "i686", "i686": "i686",
    "armhf": "armv7", "armhfp": "armv7",
}

# Which installer answers the plain `<os>-<arch>` key.
FALLBACK = {"linux": ["appimage", "deb", "rpm"], "windows": ["msi", "nsis"], "darwin": ["app"]}


def classify(name):
    """(os, arch, bundle) of an installer asset, or None for anything else."""
    for pattern, os_name, bundle in KINDS:
        m = pattern.search(name)
        if m:
            arch = m.group(1)
            if arch == "universal":
                return None  # not built by this workflow; would need both darwin keys
            return os_name, ARCH[arch], bundle
    return None


def manifest(repo, tag, notes, asset_names, sig_dir, now):
    base = f"https://github.com/{repo}/releases/download/{urllib.parse.quote(tag)}/"
    names = set(asset_names)
    platforms = {}
    for name in sorted(names):
        if name.endswith(".sig"):
            continue
        kind = classify(name)
        if kind is None:
            continue
        sig_name = name + ".sig"
        if sig_name not in names:
            print(f"warning: {name} has no signature asset; left out", file=sys.stderr)
            continue
        signature = (sig_dir / sig_name).read_text(encoding="utf-8").strip()
        os_name, arch, bundle = kind
        entry = {"signature": signature, "url": base + urllib.parse.quote(name)}
        platforms[f"{os_name}-{arch}-{bundle}"] = entry
    for key in list(platforms):
        os_name, arch, _ = key.split("-")
        plain = f"{os_name}-{arch}"
        if plain in platforms:
            continue
        for bundle in FALLBACK[os_name]:
            if f"{plain}-{bundle}" in platforms:
                platforms[plain] = platforms[f"{plain}-{bundle}"]
                break
    return {
        "version": tag[1:] if tag.startswith("v") else tag,
        "notes": notes,
        "pub_date": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "platforms": dict(sorted(platforms.items())),
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", required=True)
    ap.add_argument("--tag", required=True)
    ap.add_argument("--assets", required=True, type=pathlib.Path)
    ap.add_argument("--sig-dir", required=True, type=pathlib.Path)
    ap.add_argument("--notes", default="")
    ap.add_argument("--require", default="", help="comma-separated <os>-<arch> keys that must be present")
    args = ap.parse_args(argv)

    assets = json.loads(args.assets.read_text(encoding="utf-8"))
    names = [a["name"] for a in assets.get("assets", assets if isinstance(assets, list) else [])]
    out = manifest(args.repo, args.tag, args.notes, names, args.sig_dir,
                   datetime.datetime.now(datetime.timezone.utc))
    missing = [k for k in filter(None, args.require.split(",")) if k not in out["platforms"]]
    if missing:
        print(f"error: no signed installer for {', '.join(missing)}", file=sys.stderr)
        return 1
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
