"""The columns each import accepts, with their Vietnamese and English header spellings."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from coophub.core.text import fold_vi


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    required: bool = False
    headers: tuple[str, ...] = ()


def header_key(text) -> str:
    return re.sub(r"[\s_\-.:()/]+", " ", fold_vi(str(text or ""))).strip()


# Every record with an access scope takes it from the same column.
VISIBILITY_COLUMN = Column(
    "visibility", gettext_lazy("Who may see the record."), False, ("phạm vi", "phạm vi xem", "hiển thị")
)

PARTNER_COLUMNS = (
    Column(
        "code",
        gettext_lazy("Stable code of the partner, e.g. JP-MAFF (letters, digits, '-' and '_')."),
        True,
        ("mã", "mã đối tác", "ma doi tac"),
    ),
    Column("kind", gettext_lazy("Type of partner."), True, ("type", "loại", "loại đối tác")),
    Column(
        "name_vi",
        gettext_lazy("Name in Vietnamese."),
        True,
        ("tên", "tên tiếng việt", "name vi", "name (vietnamese)", "vietnamese name"),
    ),
    Column(
        "name_en",
        gettext_lazy("Name in English."),
        False,
        ("tên tiếng anh", "name (english)", "english name"),
    ),
    Column(
        "name_native",
        gettext_lazy("Name in the partner's own language."),
        False,
        ("tên bản ngữ", "tên gốc", "native name"),
    ),
    Column("acronym", gettext_lazy("Acronym."), False, ("viết tắt", "tên viết tắt", "abbreviation")),
    Column(
        "country",
        gettext_lazy("ISO code (JP, JPN) or name of the country, in Vietnamese or English."),
        False,
        ("quốc gia", "nước"),
    ),
    Column(
        "parent_code",
        gettext_lazy(
            "Code of the parent organisation: an existing partner or one on an earlier row of this file."
        ),
        False,
        ("parent", "mã cấp trên", "mã cơ quan cấp trên", "cơ quan cấp trên", "mã đơn vị cấp trên"),
    ),
    Column("priority", gettext_lazy("Priority."), False, ("ưu tiên", "mức ưu tiên", "mức độ ưu tiên")),
    Column(
        "website", gettext_lazy("Website address."), False, ("trang web", "trang thông tin điện tử", "web")
    ),
    Column("email", gettext_lazy("E-mail address."), False, ("e-mail", "e mail", "thư điện tử")),
    Column(
        "phone", gettext_lazy("Phone number."), False, ("điện thoại", "số điện thoại", "telephone", "tel")
    ),
    Column("address", gettext_lazy("Address."), False, ("địa chỉ",)),
    Column("description", gettext_lazy("Description."), False, ("mô tả", "giới thiệu")),
    Column(
        "aliases",
        gettext_lazy("Other names, separated by ';'; add the language after '|', e.g. MAFF|en."),
        False,
        ("tên gọi khác", "tên khác", "bí danh", "alias"),
    ),
    Column(
        "owner_unit",
        gettext_lazy("Code or abbreviation of the owning unit; defaults to your own unit."),
        False,
        ("đơn vị", "đơn vị phụ trách", "đơn vị chủ trì", "đơn vị quản lý", "owning unit", "unit"),
    ),
    VISIBILITY_COLUMN,
)

CONTACT_COLUMNS = (
    Column(
        "partner_code",
        gettext_lazy("Code of an existing partner."),
        True,
        ("partner", "mã đối tác", "ma doi tac", "đối tác"),
    ),
    Column(
        "full_name",
        gettext_lazy("Full name; together with the partner code it identifies the contact."),
        True,
        ("name", "họ và tên", "họ tên", "tên"),
    ),
    Column(
        "native_name",
        gettext_lazy("Name in native script."),
        False,
        ("tên bản ngữ", "tên gốc", "native name"),
    ),
    Column("honorific", gettext_lazy("Mr., Ms., Dr., H.E. …"), False, ("danh xưng", "xưng hô")),
    Column("email", gettext_lazy("E-mail address."), False, ("e-mail", "e mail", "thư điện tử")),
    Column(
        "phone", gettext_lazy("Phone number."), False, ("điện thoại", "số điện thoại", "telephone", "tel")
    ),
    Column("notes", gettext_lazy("Notes."), False, ("ghi chú",)),
    Column(
        "position_title",
        gettext_lazy("Position title."),
        False,
        ("position", "title", "chức vụ", "chức danh"),
    ),
    Column(
        "position_organisation",
        gettext_lazy("Organisation of the position."),
        False,
        ("position_organization", "organisation", "organization", "cơ quan", "tổ chức", "đơn vị công tác"),
    ),
    Column(
        "position_start",
        gettext_lazy("Start date of the position (dd/mm/yyyy)."),
        False,
        ("start", "start date", "từ ngày", "ngày bắt đầu"),
    ),
    Column(
        "position_end",
        gettext_lazy("End date of the position (dd/mm/yyyy); blank while current."),
        False,
        ("end", "end date", "đến ngày", "ngày kết thúc"),
    ),
)

# Model field -> column, to point errors raised by full_clean or a service at the right column.
FIELD_TO_COLUMN = {
    "parent": "parent_code",
    "title": "position_title",
    "organisation": "position_organisation",
    "start_date": "position_start",
    "end_date": "position_end",
    "partner": "partner_code",
    "__all__": "",
}
