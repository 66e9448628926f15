"""Build import files in memory."""

import csv
import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

PARTNER_HEADER = [
    "code",
    "kind",
    "name_vi",
    "name_en",
    "acronym",
    "country",
    "parent_code",
    "email",
    "aliases",
]
CONTACT_HEADER = [
    "partner_code",
    "full_name",
    "honorific",
    "email",
    "position_title",
    "position_organisation",
    "position_start",
    "position_end",
]


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, *, bom=False, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_upload(rows, name="partners.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows), content_type=XLSX)


def csv_upload(rows, name="partners.csv", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_bytes(rows, **kwargs), content_type="text/csv")


def good_partner_rows():
    return [
        PARTNER_HEADER,
        [
            "JP-MAFF",
            "ministry",
            "Bộ Nông Lâm Ngư nghiệp Nhật Bản",
            "Ministry of Agriculture, Forestry and Fisheries",
            "MAFF",
            "JP",
            "",
            "info@maff.go.jp",
            "Bộ Nông nghiệp Nhật;MAFF Japan|en",
        ],
        [
            "JP-MAFF-PPS",
            "ministry",
            "Trạm Bảo vệ thực vật Nhật Bản",
            "Plant Protection Station",
            "PPS",
            "Nhật Bản",
            "JP-MAFF",
            "",
            "",
        ],
        [
            "FAO",
            "international_org",
            "Tổ chức Nông Lương Liên Hợp Quốc",
            "Food and Agriculture Organization",
            "FAO",
            "",
            "",
            "",
            "",
        ],
    ]


def good_contact_rows():
    return [
        CONTACT_HEADER,
        [
            "JP-MAFF",
            "Tanaka Hiroshi",
            "Mr.",
            "tanaka@maff.go.jp",
            "Director-General",
            "International Affairs",
            datetime.date(2024, 4, 1),
            "",
        ],
        ["JP-MAFF", "Suzuki Aiko", "Ms.", "", "Deputy Director", "", "01/04/2023", "31/03/2025"],
    ]
