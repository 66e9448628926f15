"""Shared helpers for the benchmarks: database set-up, Django start-up, percentiles, the word list."""

import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/coophub_bench")


def sqlite_url(name: str) -> str:
    OUT.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{OUT / name}"


def reset_database(url: str) -> None:
    """Drop and re-create the benchmark database named in `url` (a SQLite file or a PostgreSQL database)."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        path = Path(parts.path)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = parts.path.lstrip("/")
    if not name.startswith("coophub_bench"):
        raise SystemExit(f"refusing to drop {name!r}: benchmark databases are named coophub_bench*")
    admin = urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(database_url: str) -> None:
    """Start Django on the production settings, pointed at the benchmark database.

    COOPHUB_DEBUG=true only lets the settings load without a secret key; DEBUG is switched off
    again afterwards
    so the timed code does not pay for Django's query logging.
    """
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["COOPHUB_DEBUG"] = "true"
    os.environ["DATABASE_URL"] = database_url
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False


def migrate() -> None:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"  migrated in {time.perf_counter() - started:.1f} s", flush=True)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def summary(values_ms: list[float]) -> dict:
    return {
        "n": len(values_ms),
        "p50": percentile(values_ms, 50),
        "p95": percentile(values_ms, 95),
        "mean": statistics.fmean(values_ms),
        "max": max(values_ms),
    }


# --- words ----------------------------------------------------------------------------------------
# Vietnamese as officers write it (with diacritics); the index holds the folded form, queries come both ways.
VI_PHRASES = """
hợp tác quốc tế; đối tác; nông nghiệp; phát triển nông thôn; môi trường; tài nguyên; biến đổi khí
hậu; thủy sản; lâm nghiệp; kiểm lâm; trồng trọt; bảo vệ thực vật; chăn nuôi; thú y; thủy lợi; đê
điều; phòng chống thiên tai; chất lượng; chế biến; phát triển thị trường; kinh tế hợp tác; khoa học
công nghệ; khuyến nông; an toàn thực phẩm; kiểm dịch; rào cản kỹ thuật; mở cửa thị trường; xuất
khẩu; nhập khẩu; nông sản; trái cây; sầu riêng; thanh long; vải thiều; xoài; chuối; cà phê; hồ tiêu;
hạt điều; gạo; tôm; cá tra; gỗ; cao su; chè; rau quả; thịt lợn; gia cầm; bản ghi nhớ; thỏa thuận;
hiệp định; chương trình; dự án; kế hoạch hành động; nghị quyết; biên bản; công hàm; ủy ban liên
chính phủ; nhóm công tác; đối thoại; diễn đàn đa phương; hội nghị; hội thảo; đoàn công tác; chuyến
thăm; tiếp xã giao; làm việc với đại sứ; ký kết; cam kết; hỗ trợ; viện trợ không hoàn lại; vốn vay
ưu đãi; vốn ODA; đối tác công tư; chuyển giao công nghệ; nâng cao năng lực; đào tạo; chuyên gia;
tham tán nông nghiệp; thương mại; phòng vệ thương mại; chống bán phá giá; chống trợ cấp; tự vệ; cảnh
báo sớm; thuế quan; hạn ngạch; tiêu chuẩn; quy chuẩn; truy xuất nguồn gốc; mã số vùng trồng; cơ sở
đóng gói; giấy chứng nhận; kiểm nghiệm; nông nghiệp xanh; kinh tế tuần hoàn; giảm phát thải; tín chỉ
các-bon; rừng bền vững; đa dạng sinh học; đất đai; nước sạch; vệ sinh môi trường; chuyển đổi số; dữ
liệu; thống kê; báo cáo; tổng kết; phương hướng; nhiệm vụ; giải pháp; tiến độ; thời hạn; đầu mối;
đơn vị chủ trì; đơn vị phối hợp; lãnh đạo Bộ; Bộ trưởng; Thứ trưởng; Vụ Hợp tác quốc tế; Cục; Viện;
Trung tâm; Văn phòng Bộ; Thanh tra; Tổng cục; Sở; Ủy ban nhân dân; tỉnh; huyện; xã; Hà Nội; Thành
phố Hồ Chí Minh; Đồng bằng sông Cửu Long; Tây Nguyên; miền Trung; miền Bắc; đồng bằng sông Hồng
"""
COUNTRIES = [
    ("Nhật Bản", "Japan"),
    ("Hàn Quốc", "Korea"),
    ("Trung Quốc", "China"),
    ("Hoa Kỳ", "United States"),
    ("Liên minh châu Âu", "European Union"),
    ("Úc", "Australia"),
    ("Niu Di-lân", "New Zealand"),
    ("Ca-na-đa", "Canada"),
    ("Ấn Độ", "India"),
    ("Thái Lan", "Thailand"),
    ("Lào", "Laos"),
    ("Cam-pu-chia", "Cambodia"),
    ("In-đô-nê-xi-a", "Indonesia"),
    ("Ma-lai-xi-a", "Malaysia"),
    ("Xin-ga-po", "Singapore"),
    ("Phi-líp-pin", "Philippines"),
    ("Đức", "Germany"),
    ("Pháp", "France"),
    ("Hà Lan", "Netherlands"),
    ("Bỉ", "Belgium"),
    ("Ý", "Italy"),
    ("Tây Ban Nha", "Spain"),
    ("Anh", "United Kingdom"),
    ("Nga", "Russia"),
    ("Israel", "Israel"),
    ("Chi-lê", "Chile"),
    ("Bra-xin", "Brazil"),
    ("Ác-hen-ti-na", "Argentina"),
    ("Mê-hi-cô", "Mexico"),
    ("Ai Cập", "Egypt"),
]
ORG_KINDS = [
    ("Bộ Nông nghiệp", "Ministry of Agriculture"),
    ("Bộ Môi trường", "Ministry of Environment"),
    ("Cơ quan Hợp tác Quốc tế", "International Cooperation Agency"),
    ("Đại sứ quán", "Embassy"),
    ("Cơ quan Kiểm dịch", "Quarantine Service"),
    ("Viện Nghiên cứu Nông nghiệp", "Agricultural Research Institute"),
    ("Tổng cục Hải quan", "Customs Administration"),
    ("Cơ quan An toàn Thực phẩm", "Food Safety Authority"),
    ("Quỹ Phát triển", "Development Fund"),
    ("Hiệp hội Doanh nghiệp", "Business Association"),
    ("Tập đoàn", "Corporation"),
    ("Tổ chức Phi chính phủ", "NGO"),
    ("Trường Đại học", "University"),
    ("Ngân hàng Phát triển", "Development Bank"),
    ("Bộ Ngoại giao", "Ministry of Foreign Affairs"),
]
EN_WORDS = """
agriculture rural development environment natural resources climate change fisheries forestry plant
protection livestock veterinary irrigation disaster risk quality processing market access trade
cooperation science technology extension food safety quarantine sanitary phytosanitary technical
barriers export import products fruit durian dragon lychee mango banana coffee pepper cashew rice
shrimp pangasius timber rubber tea vegetables pork poultry memorandum understanding agreement
programme project action plan resolution minutes note committee working group dialogue forum
conference workshop delegation visit courtesy call ambassador signing commitment support grant loan
concessional partnership public private transfer capacity building training expert counsellor remedy
antidumping countervailing safeguard early warning tariff quota standard regulation traceability
growing area packing house certificate testing green circular emission carbon credit sustainable
biodiversity land water sanitation digital transformation data statistics report review direction
task solution progress deadline focal point lead unit coordinating unit ministry minister deputy
department institute centre office inspectorate province district commune mekong delta highlands
central northern red river bilateral multilateral regional global investment infrastructure value
chain smallholder cooperative enterprise association farmers women youth nutrition security
resilience adaptation mitigation monitoring evaluation implementation disbursement pipeline
appraisal approval feasibility study baseline indicator outcome output activity budget counterpart
fund technical assistance
"""


def _pseudo_words(rng: random.Random, n: int) -> list[str]:
    """Name-like tokens (places, people, brands) that make up the long tail of a real vocabulary."""
    onsets = [
        "b",
        "ch",
        "d",
        "g",
        "h",
        "k",
        "l",
        "m",
        "n",
        "ng",
        "nh",
        "ph",
        "r",
        "s",
        "t",
        "th",
        "tr",
        "v",
        "x",
        "f",
        "j",
        "w",
        "z",
        "sh",
        "y",
        "kh",
        "gi",
        "qu",
    ]
    vowels = ["a", "e", "i", "o", "u", "ai", "ao", "au", "ei", "ia", "oa", "oi", "ua", "uy", "ie", "ou", "uo"]
    codas = ["", "", "n", "ng", "m", "t", "c", "p", "ch", "nh", "r", "s", "k", "l"]
    words: set[str] = set()
    while len(words) < n:
        syllables = rng.randint(2, 3)
        words.add(
            "".join(rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas) for _ in range(syllables))
        )
    return sorted(words)


def vocabulary(seed: int = 7, long_tail: int = 2600):
    """(accented VI phrases, EN words, name-like words). Together a few thousand distinct folded tokens."""
    rng = random.Random(seed)
    phrases = [p.strip() for p in VI_PHRASES.replace("\n", " ").split(";") if p.strip()]
    en = EN_WORDS.split()
    return phrases, en, _pseudo_words(rng, long_tail)


def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1.0 / (rank**s) for rank in range(1, n + 1)]
