#!/usr/bin/env bash
# The system tools the test suites need, in one place. Installs what is missing when it can
# (root with apt-get, as on CI); otherwise stops with the exact command to run. Never skips.
set -euo pipefail

# command → Debian package
declare -A tools=(
  [chromium]=chromium
  # OCR of scanned documents (platform/ocr): Tesseract, searchable PDFs, PDF inspection.
  [tesseract]=tesseract-ocr
  [ocrmypdf]=ocrmypdf
  [pdftoppm]=poppler-utils
  [pdfinfo]=poppler-utils
  [pdftotext]=poppler-utils
  [qpdf]=qpdf
  # Independent XML-DSig verifier for the signed edXML envelopes (exchange).
  [xmlsec1]=xmlsec1
  # PAdES signatures (signatures/pades): pdfsig checks them against a test CA in an NSS db.
  [pdfsig]=poppler-utils
  [certutil]=libnss3-tools
  # Visible signatures and Decree 30 layouts (signatures/pades, signatures/render): a second PDF
  # signature engine, font embedding checks, DOCX drafts to PDF.
  [mutool]=mupdf-tools
  [pdffonts]=poppler-utils
  [soffice]=libreoffice-writer-nogui
  # Radio bulletins (portal/radio): Vietnamese text-to-speech and Ogg Vorbis / MP3 encoding.
  [espeak-ng]=espeak-ng
  [oggenc]=vorbis-tools
  [lame]=lame
  # The article-page benchmark serves the same page as a static file with nginx (bench/).
  [nginx]=nginx-light
)
# Fonts the browser tests render Vietnamese with.
declare -A files=(
  [/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf]=fonts-liberation
  # Tesseract's Vietnamese model, for OCR of Vietnamese scans.
  [/usr/share/tesseract-ocr/5/tessdata/vie.traineddata]=tesseract-ocr-vie
)

missing=()
for tool in "${!tools[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${tools[$tool]}")
done
for file in "${!files[@]}"; do
  [ -e "$file" ] || missing+=("${files[$file]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: $packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >/dev/null
  exit 0
fi
echo "Missing system packages needed by the tests: $packages" >&2
echo "Install them with:  sudo apt-get update && sudo apt-get install -y $packages" >&2
exit 1
