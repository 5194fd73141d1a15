#!/usr/bin/env bash
# Genererer alle binære eksempelfiler i samples/ og samples/bad/ ud fra kilderne i samples/src/.
#
# Køres af mennesker, ikke af CI:   bash samples/build-samples.sh
#
# Kræver (Debian-pakker): libreoffice-writer-nogui (soffice), poppler-utils (pdftoppm, pdfinfo),
# qpdf, img2pdf og openssl.  Scriptet kan køres igen og igen; det overskriver sine egne uddata.
# PDF- og docx-filer fra LibreOffice indeholder tidsstempler, så de ikke er byte-identiske
# fra kørsel til kørsel, men indholdet er det samme. De tilfældige bytes i bad/ er
# deterministiske (AES-CTR over nuller med fast nøgle), så de ændrer sig ikke.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$HERE/src"
BAD="$HERE/bad"
mkdir -p "$BAD"

for tool in soffice pdftoppm pdfinfo qpdf img2pdf openssl; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "Mangler værktøjet '$tool'. Installer fx: apt-get install libreoffice-writer-nogui poppler-utils qpdf img2pdf openssl" >&2
    exit 1
  fi
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# Egen LibreOffice-profil, så scriptet ikke kolliderer med en åben LibreOffice.
LO=(soffice "-env:UserInstallation=file://$WORK/lo-profile" --headless)

echo "== Ændringslovforslag: .fodt -> .docx -> .pdf"
"${LO[@]}" --convert-to 'docx:MS Word 2007 XML' --outdir "$HERE" "$SRC/lovforslag-aendring.fodt" >/dev/null
"${LO[@]}" --convert-to pdf --outdir "$HERE" "$HERE/lovforslag-aendring.docx" >/dev/null

echo "== Dagsordenspunkt: .html -> .docx"
"${LO[@]}" --infilter='HTML (StarWriter)' --convert-to 'docx:MS Word 2007 XML' --outdir "$HERE" "$SRC/kommune-dagsordenspunkt.html" >/dev/null

PDF="$HERE/lovforslag-aendring.pdf"
DOCX="$HERE/lovforslag-aendring.docx"
pages="$(pdfinfo "$PDF" | awk '/^Pages:/ {print $2}')"
echo "   lovforslag-aendring.pdf har $pages sider"

# Deterministiske »tilfældige« bytes: AES-256-CTR over nuller med en fast nøgle pr. fil.
pseudo_random() { # $1 = antal bytes, $2 = nøgle-nr.
  local key iv
  key="$(printf '%064x' "$2")"
  iv="$(printf '%032x' "$2")"
  head -c "$1" /dev/zero | openssl enc -aes-256-ctr -K "$key" -iv "$iv" -nosalt
}

echo "== Fejlfiler i bad/"
# 1) Scannet PDF uden tekstlag: side 1-2 som sort-hvide billeder (som en fax-scanning) pakket i en PDF.
pdftoppm -r 100 -png -mono -f 1 -l 2 "$PDF" "$WORK/scan"
img2pdf --output "$BAD/scannet.pdf" "$WORK"/scan-*.png

# 2) Krypteret PDF (brugeradgangskode »user«, ejeradgangskode »owner«, AES-256).
qpdf --encrypt user owner 256 -- "$PDF" "$BAD/krypteret.pdf"

# 3) Afkortet docx (de første 30 % af bytes) og afkortet PDF (de første 40 %).
size="$(stat -c %s "$DOCX")"
head -c $(( size * 30 / 100 )) "$DOCX" > "$BAD/beskadiget.docx"
size="$(stat -c %s "$PDF")"
head -c $(( size * 40 / 100 )) "$PDF" > "$BAD/afkortet.pdf"

# 4) Tom fil.
: > "$BAD/tom.txt"

# 5) ELF-program med .pdf-endelse: minimal x86-64 ELF-header + programheader + kode,
#    der blot kalder exit(0), efterfulgt af pseudotilfældige bytes op til 8192 bytes.
{
  # ELF-header (64 bytes)
  printf '\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00'
  printf '\x02\x00\x3e\x00\x01\x00\x00\x00'
  printf '\x78\x00\x40\x00\x00\x00\x00\x00'   # e_entry = 0x400078
  printf '\x40\x00\x00\x00\x00\x00\x00\x00'   # e_phoff = 64
  printf '\x00\x00\x00\x00\x00\x00\x00\x00'   # e_shoff = 0
  printf '\x00\x00\x00\x00\x40\x00\x38\x00'   # e_flags, e_ehsize, e_phentsize
  printf '\x01\x00\x40\x00\x00\x00\x00\x00'   # e_phnum, e_shentsize, e_shnum, e_shstrndx
  # Programheader (56 bytes): PT_LOAD, R+X
  printf '\x01\x00\x00\x00\x05\x00\x00\x00'
  printf '\x00\x00\x00\x00\x00\x00\x00\x00'   # p_offset
  printf '\x00\x00\x40\x00\x00\x00\x00\x00'   # p_vaddr
  printf '\x00\x00\x40\x00\x00\x00\x00\x00'   # p_paddr
  printf '\x00\x20\x00\x00\x00\x00\x00\x00'   # p_filesz = 8192
  printf '\x00\x20\x00\x00\x00\x00\x00\x00'   # p_memsz
  printf '\x00\x10\x00\x00\x00\x00\x00\x00'   # p_align
  # Kode: mov eax, 60 ; xor edi, edi ; syscall  (exit(0))
  printf '\xb8\x3c\x00\x00\x00\x31\xff\x0f\x05'
  pseudo_random $(( 8192 - 64 - 56 - 9 )) 1
} > "$BAD/program.pdf"

# 6) 20 KB binært indhold med .txt-endelse.
pseudo_random 20000 2 > "$BAD/binaer.txt"

# 7) Et lille, ægte PNG-billede (ikke-understøttet filtype).
pdftoppm -r 20 -png -f 1 -l 1 -singlefile "$PDF" "$BAD/billede"

echo "== Størrelser (bytes)"
for f in "$HERE"/lovforslag-aendring.docx "$HERE"/lovforslag-aendring.pdf \
         "$HERE"/kommune-dagsordenspunkt.docx "$BAD"/*; do
  printf '%9d  %s\n' "$(stat -c %s "$f")" "${f#"$HERE"/}"
done

too_big=0
for f in "$BAD"/*; do
  if [ "$(stat -c %s "$f")" -ge 204800 ]; then
    echo "ADVARSEL: $f er større end 200 KB" >&2
    too_big=1
  fi
done
exit "$too_big"
