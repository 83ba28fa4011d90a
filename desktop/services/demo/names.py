"""Reference data for the demo commune: names, places, trades and learning activities.

Plain tables, no logic. Weights are relative. Person-name tables carry two weights,
(traditional, modern): the generator blends them by year of birth, so people born
before ~1975 mostly get the first and people born after ~2000 the second — e.g.
"Văn"/"Thị" as middle names and "Lụa", "Thơm", "Cúc" as given names fade out,
"Gia", "Bảo", "Khôi", "Vy" come in.

Family-name weights follow the commonly cited national shares (Nguyễn ≈ 38 %, Trần
≈ 11 %, Lê ≈ 9.5 %, Phạm ≈ 7 %…); the Kinh table is a little heavier on Nguyễn
because minorities, who rarely carry it, are part of the national figure.
Ethnic codes are those of QĐ 1019/QĐ-TCTK (desktop.domain.ethnicities).
"""

from __future__ import annotations

KINH = "01"

# --- family names ------------------------------------------------------------------

KINH_FAMILY_NAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 40.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 3.2),
    ("Huỳnh", 2.0), ("Phan", 4.5), ("Vũ", 2.6), ("Võ", 1.5), ("Đặng", 2.1),
    ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5),
    # the tail
    ("Đào", 0.45), ("Đoàn", 0.4), ("Trịnh", 0.4), ("Trương", 0.4), ("Đinh", 0.4),
    ("Lương", 0.3), ("Mai", 0.3), ("Lâm", 0.25), ("Phùng", 0.25), ("Hà", 0.3),
    ("Tô", 0.2), ("Tạ", 0.2), ("Cao", 0.25), ("Chu", 0.2), ("Vương", 0.15),
    ("Thái", 0.15), ("Lưu", 0.15), ("Kiều", 0.12), ("Quách", 0.1), ("Châu", 0.1),
    ("Tăng", 0.08), ("Lại", 0.1), ("Khúc", 0.06), ("Nghiêm", 0.08), ("Triệu", 0.08),
    ("Thân", 0.06), ("Mạc", 0.05), ("Hứa", 0.06), ("Tống", 0.06), ("Giang", 0.06),
    ("Đàm", 0.06), ("Bạch", 0.04), ("Khổng", 0.04), ("Doãn", 0.05), ("Ninh", 0.04),
    ("Văn", 0.05), ("Lã", 0.04), ("Âu", 0.03), ("Phí", 0.03), ("Cù", 0.03),
)

# Minority groups: the family names met most in each group (relative weights).
ETHNIC_FAMILY_NAMES: dict[str, tuple[tuple[str, float], ...]] = {
    "02": (  # Tày
        ("Hoàng", 20), ("Nông", 18), ("Lương", 8), ("Ma", 6), ("Lục", 5), ("Đàm", 5),
        ("Hà", 6), ("Triệu", 4), ("Bế", 5), ("Lâm", 4), ("Nguyễn", 6), ("Vi", 3),
        ("Hứa", 3), ("Chu", 3),
    ),
    "03": (  # Thái
        ("Lò", 15), ("Lường", 8), ("Cầm", 8), ("Quàng", 5), ("Vi", 8), ("Hà", 9),
        ("Lù", 4), ("Tòng", 4), ("Lương", 6), ("Sầm", 4), ("Kha", 4), ("Lữ", 4),
        ("Lô", 5), ("Lang", 4), ("Ngân", 3),
    ),
    "04": (  # Mường
        ("Bùi", 25), ("Đinh", 20), ("Quách", 10), ("Hà", 10), ("Xa", 5), ("Cao", 5),
        ("Bạch", 5), ("Phạm", 6), ("Nguyễn", 4),
    ),
    "05": (  # Khơ-me
        ("Thạch", 25), ("Danh", 20), ("Sơn", 15), ("Kim", 10), ("Lâm", 8), ("Chau", 8),
        ("Trà", 6), ("Lý", 5),
    ),
    "06": (  # Hoa
        ("Lâm", 12), ("Lý", 12), ("Trần", 10), ("Quách", 6), ("Dương", 6), ("Hứa", 8),
        ("Tăng", 6), ("Mã", 6), ("Lưu", 6), ("Diệp", 5), ("Quan", 4), ("Trương", 8),
        ("Hoàng", 5),
    ),
    "07": (  # Nùng
        ("Hoàng", 20), ("Nông", 10), ("Lăng", 6), ("Vi", 8), ("Chu", 6), ("Hứa", 5),
        ("Lành", 4), ("Mã", 4), ("Lý", 5), ("Triệu", 4), ("Nguyễn", 5), ("Lương", 5),
        ("Đàm", 4),
    ),
    "08": (  # Mông
        ("Giàng", 20), ("Vàng", 18), ("Sùng", 12), ("Thào", 14), ("Lầu", 8), ("Hạng", 6),
        ("Mùa", 6), ("Lý", 8), ("Vừ", 5), ("Ly", 4), ("Má", 3), ("Chang", 3), ("Hờ", 3),
    ),
    "09": (  # Dao
        ("Triệu", 25), ("Bàn", 20), ("Lý", 12), ("Đặng", 15), ("Phùng", 8), ("Chảo", 6),
        ("Tẩn", 5), ("Hoàng", 5),
    ),
    "14": (  # Chăm
        ("Đàng", 15), ("Thành", 10), ("Lưu", 6), ("Bá", 6), ("Châu", 5), ("Quảng", 6),
        ("Thuận", 5), ("Lộ", 4), ("Thiên", 4),
    ),
    "21": (  # Thổ
        ("Trương", 15), ("Lê", 12), ("Hoàng", 10), ("Nguyễn", 10), ("Lang", 8), ("Vi", 8),
        ("Phan", 6), ("Đinh", 6),
    ),
}

# --- middle names (traditional weight, modern weight) ---------------------------------

MALE_MIDDLE_NAMES: tuple[tuple[str, float, float], ...] = (
    ("Văn", 45, 10), ("Hữu", 6, 3), ("Đức", 6, 8), ("Minh", 5, 12), ("Quang", 5, 7),
    ("Công", 5, 4), ("Thành", 4, 5), ("Xuân", 4, 3), ("Đình", 6, 3), ("Ngọc", 3, 3),
    ("Trọng", 3, 4), ("Mạnh", 2, 3), ("Tiến", 3, 3), ("Bá", 3, 1), ("Thế", 3, 4),
    ("Anh", 1, 4), ("Gia", 0.5, 7), ("Hoàng", 1, 5), ("Duy", 1, 5), ("Trung", 2, 4),
    ("Quốc", 2, 5), ("Đăng", 1, 5), ("Khắc", 2, 1), ("Viết", 2, 1), ("Tuấn", 1, 3),
    ("Hải", 1, 3), ("Bảo", 0.3, 6), ("Nhật", 0.3, 4), ("Thanh", 3, 3), ("Kim", 1, 0.5),
    ("Như", 1, 0.5), ("Sỹ", 1.5, 0.5), ("Phú", 1, 1), ("Trí", 0.5, 2), ("Khánh", 0.3, 3),
)

# Middle names a lineage's men traditionally share, which clans are then known by
# ("họ Nguyễn Đình", "họ Lê Văn").
LINEAGE_MIDDLE_NAMES: tuple[tuple[str, float], ...] = (
    ("Văn", 30), ("Đình", 10), ("Hữu", 8), ("Đức", 8), ("Bá", 5), ("Công", 6), ("Khắc", 4),
    ("Viết", 4), ("Duy", 3), ("Xuân", 4), ("Thế", 4), ("Quang", 4), ("Trọng", 3), ("Sỹ", 3),
    ("Ngọc", 3), ("Đăng", 2), ("Minh", 3), ("Tiến", 2),
)

FEMALE_MIDDLE_NAMES: tuple[tuple[str, float, float], ...] = (
    ("Thị", 80, 25), ("Ngọc", 3, 8), ("Thu", 3, 6), ("Thanh", 3, 6), ("Kim", 2, 4),
    ("Hồng", 2, 5), ("Bảo", 0.3, 6), ("Thùy", 0.5, 6), ("Phương", 1, 6), ("Minh", 0.5, 6),
    ("Mai", 1, 4), ("Diệu", 0.3, 4), ("Khánh", 0.3, 5), ("Hải", 0.5, 4), ("Quỳnh", 0.3, 4),
    ("Mỹ", 1, 4), ("Hoài", 1, 3), ("Tuyết", 1, 1), ("Bích", 1, 2), ("Thúy", 1, 2),
    ("Cẩm", 1, 2), ("Xuân", 1, 2), ("Lan", 0.5, 3), ("Ánh", 0.3, 3), ("Hà", 0.3, 3),
    ("Yến", 0.3, 2), ("Kiều", 0.5, 2), ("Như", 0.5, 3), ("Gia", 0.2, 4), ("Hương", 0.5, 2),
)

# --- given names (traditional weight, modern weight) ----------------------------------

MALE_GIVEN_NAMES: tuple[tuple[str, float, float], ...] = (
    ("An", 2, 4), ("Bình", 4, 2), ("Cường", 4, 2), ("Dũng", 5, 3), ("Đức", 4, 4),
    ("Hùng", 6, 2), ("Tuấn", 5, 4), ("Việt", 2, 3), ("Anh", 3, 8), ("Bảo", 0.3, 5),
    ("Chiến", 3, 1), ("Công", 2, 1), ("Cảnh", 1, 0.5), ("Duy", 1, 4), ("Dương", 1, 2),
    ("Đạt", 1, 5), ("Định", 2, 1), ("Đông", 2, 1), ("Giang", 1, 1.5), ("Hải", 4, 4),
    ("Hiếu", 2, 4), ("Hiệp", 2, 1), ("Hòa", 4, 1), ("Hoàng", 2, 4), ("Huy", 1, 6),
    ("Hưng", 3, 4), ("Khang", 0.2, 5), ("Khánh", 1, 4), ("Khoa", 0.2, 5), ("Khôi", 0.1, 5),
    ("Kiên", 2, 2), ("Kiệt", 0.1, 3), ("Lâm", 1, 3), ("Lộc", 2, 2), ("Long", 4, 4),
    ("Lợi", 3, 0.5), ("Lực", 2, 0.5), ("Mạnh", 3, 2), ("Minh", 4, 8), ("Nam", 3, 5),
    ("Nghĩa", 3, 2), ("Nhân", 2, 2), ("Phát", 0.3, 4), ("Phong", 2, 3), ("Phú", 2, 2),
    ("Phúc", 1, 4), ("Quân", 1, 5), ("Quang", 3, 3), ("Quý", 2, 1), ("Sơn", 5, 3),
    ("Tài", 2, 2), ("Tâm", 2, 2), ("Tân", 3, 1), ("Thái", 2, 1), ("Thắng", 5, 2),
    ("Thanh", 3, 1), ("Thành", 5, 3), ("Thịnh", 2, 2), ("Thuận", 2, 1), ("Tiến", 4, 2),
    ("Toàn", 3, 2), ("Trí", 1, 3), ("Trọng", 2, 1), ("Trung", 4, 3), ("Trường", 2, 3),
    ("Tú", 1, 2), ("Tùng", 2, 3), ("Vinh", 3, 2), ("Vũ", 1, 3), ("Hậu", 2, 1),
    ("Hoan", 2, 0.3), ("Bằng", 2, 0.5), ("Thọ", 2, 0.2), ("Đăng", 0.3, 3), ("Nguyên", 1, 3),
    ("Hào", 1, 1), ("Tín", 1, 1), ("Hưởng", 2, 0.3), ("Thông", 2, 0.5), ("Đại", 1, 1),
)

FEMALE_GIVEN_NAMES: tuple[tuple[str, float, float], ...] = (
    ("Hường", 4, 0.5), ("Huệ", 4, 0.5), ("Đào", 3, 0.3), ("Lan", 5, 2), ("Hương", 6, 4),
    ("Thảo", 3, 6), ("Trang", 2, 7), ("Linh", 2, 8), ("Ngọc", 2, 4), ("Anh", 1, 7),
    ("Bích", 2, 0.5), ("Chi", 0.5, 5), ("Cúc", 3, 0.2), ("Dung", 4, 1), ("Duyên", 2, 3),
    ("Diệp", 0.3, 2), ("Giang", 2, 4), ("Hà", 4, 4), ("Hạnh", 4, 2), ("Hằng", 4, 3),
    ("Hân", 0.1, 4), ("Hiền", 4, 3), ("Hoa", 6, 1), ("Hồng", 4, 1), ("Huyền", 3, 5),
    ("Khánh", 0.3, 3), ("Lệ", 2, 0.5), ("Liên", 4, 1), ("Liễu", 2, 0.3), ("Loan", 3, 1),
    ("Lụa", 2, 0.1), ("Mai", 5, 3), ("My", 0.3, 5), ("Mỹ", 1, 1), ("Nga", 4, 1.5),
    ("Ngân", 0.5, 5), ("Nguyệt", 2, 1), ("Nhung", 3, 2), ("Nhi", 0.2, 5), ("Nhàn", 3, 0.5),
    ("Oanh", 3, 1), ("Phương", 3, 4), ("Phượng", 3, 1), ("Quyên", 1, 2), ("Quỳnh", 1, 4),
    ("Sen", 3, 0.3), ("Tâm", 3, 2), ("Thắm", 3, 0.5), ("Thơm", 3, 0.2), ("Thúy", 4, 1),
    ("Thủy", 5, 2), ("Thư", 0.3, 5), ("Thương", 2, 3), ("Tuyết", 3, 1), ("Uyên", 0.2, 4),
    ("Vân", 4, 3), ("Vy", 0.1, 5), ("Yến", 3, 3), ("Xuân", 3, 1), ("Nụ", 2, 0.1),
    ("Tươi", 2, 0.2), ("Mận", 2, 0.1), ("Lý", 2, 0.3), ("Châu", 1, 2), ("An", 0.3, 4),
    ("Trâm", 0.3, 3), ("Diễm", 1, 2), ("Trinh", 2, 2), ("Tình", 2, 0.5), ("Gấm", 2, 0.1),
    ("Thanh", 3, 1), ("Hoài", 2, 1), ("Hảo", 2, 0.5), ("Nhài", 2, 0.2), ("Hậu", 2, 1),
)

# Groups whose naming differs from the Kinh pattern: middle names used instead of the
# Kinh tables, and a pool of given names drawn with the stated probability (the rest
# come from the Kinh tables, as many younger people of these groups are named now).
ETHNIC_MIDDLE_NAMES: dict[str, dict[str, tuple[tuple[str, float], ...]]] = {
    "08": {  # Mông: "Giàng A Páo", "Sùng Seo Dính", "Vàng Thị Mỷ"
        "M": (("A", 60), ("Văn", 25), ("Seo", 10), ("Mí", 5)),
        "F": (("Thị", 1),),
    },
}
ETHNIC_GIVEN_NAMES: dict[str, tuple[float, dict[str, tuple[str, ...]]]] = {
    "08": (0.6, {
        "M": ("Páo", "Sử", "Chứ", "Dính", "Pó", "Tủa", "Lử", "Của", "Dế", "Sình", "Chính", "Lềnh"),
        "F": ("Mỷ", "Dợ", "Sua", "Chở", "Máy", "Dua", "Pằng", "Sí", "Mai", "Say", "Pà"),
    }),
}

# --- occupations ------------------------------------------------------------------------

STUDENT_PUPIL = "Học sinh"
STUDENT_HIGHER = "Sinh viên"
RETIRED = "Hưu trí"

# (occupation, sex it is limited to or None, weight)
OCCUPATIONS_GENERAL: tuple[tuple[str, str | None, float], ...] = (
    ("Làm ruộng", None, 30), ("Chăn nuôi", None, 5), ("Công nhân", None, 18),
    ("Thợ xây", "M", 8), ("Lao động tự do", None, 12), ("Buôn bán", None, 8),
    ("Nội trợ", "F", 5), ("Thợ may", "F", 4), ("Thợ mộc", "M", 2), ("Thợ cơ khí", "M", 2),
    ("Lái xe", "M", 3), ("Nuôi trồng thủy sản", None, 2), ("Làm thuê", None, 4),
    ("Thợ cắt tóc", None, 1), ("Lao động ở nước ngoài", None, 2), ("Cán bộ thôn", None, 0.5),
)
# People with a trung cấp or higher qualification.
OCCUPATIONS_QUALIFIED: tuple[tuple[str, str | None, float], ...] = (
    ("Giáo viên", None, 12), ("Cán bộ xã", None, 5), ("Nhân viên văn phòng", None, 8),
    ("Y sĩ", None, 2), ("Điều dưỡng", None, 3), ("Kế toán", None, 5), ("Kỹ sư", "M", 3),
    ("Công an", None, 2), ("Quân nhân", "M", 2), ("Kinh doanh", None, 6), ("Công nhân", None, 10),
    ("Buôn bán", None, 5), ("Làm ruộng", None, 6), ("Lao động tự do", None, 4),
    ("Nhân viên ngân hàng", None, 1), ("Viên chức", None, 3),
)
OCCUPATIONS_MINORITY: tuple[tuple[str, str | None, float], ...] = (
    ("Làm ruộng", None, 30), ("Làm nương", None, 20), ("Trồng rừng", None, 10),
    ("Chăn nuôi", None, 10), ("Làm thuê", None, 10), ("Công nhân", None, 8),
    ("Lao động tự do", None, 8), ("Buôn bán", None, 3), ("Dệt thổ cẩm", "F", 3),
)
OCCUPATIONS_TEENAGER: tuple[tuple[str, str | None, float], ...] = (
    ("Làm ruộng", None, 3), ("Lao động tự do", None, 3), ("Phụ giúp gia đình", None, 4),
    ("Học nghề", None, 2),
)
OCCUPATIONS_ELDERLY: tuple[tuple[str, str | None, float], ...] = (
    ("Làm ruộng", None, 35), ("Nội trợ", "F", 10), ("Chăn nuôi", None, 8), ("Buôn bán", None, 4),
)

# Occupations that go with a qualification (checked by the tests).
QUALIFIED_ONLY = frozenset({
    "Giáo viên", "Cán bộ xã", "Y sĩ", "Điều dưỡng", "Kế toán", "Kỹ sư", "Nhân viên ngân hàng",
    "Viên chức",
})

# --- hamlets ----------------------------------------------------------------------------

THON_NAMES: tuple[str, ...] = (
    "Thôn Đông", "Thôn Đoài", "Thôn Trung", "Thôn Tân Lập", "Thôn Yên Phú", "Thôn Phú Thọ",
    "Thôn Đông Hòa", "Thôn Tây Sơn", "Thôn Hòa Bình", "Thôn Quyết Tiến", "Thôn Thống Nhất",
    "Thôn Tân Phong", "Thôn Đồng Tâm", "Thôn Bình Minh", "Thôn Xuân Hòa", "Thôn Trung Hòa",
    "Thôn Thượng", "Thôn Hạ", "Thôn Yên Thịnh", "Thôn Phú Xuân", "Thôn Kim Liên",
    "Thôn Đại Đồng", "Thôn Tân Tiến", "Thôn Hồng Phong", "Thôn Minh Khai", "Thôn Quang Trung",
    "Thôn Nam Sơn", "Thôn Bắc Sơn", "Thôn Văn Giang", "Thôn Mỹ Lộc", "Thôn An Hòa",
    "Thôn Phúc Lợi", "Thôn Tiền Phong", "Thôn Hòa Hợp", "Thôn Đức Thịnh", "Thôn Phú Mỹ",
    "Thôn Khánh Thành", "Thôn Vĩnh Hưng", "Thôn Đình", "Thôn Cầu",
)
XOM_NAMES: tuple[str, ...] = (
    "Xóm Chùa", "Xóm Mới", "Xóm Đình", "Xóm Giếng", "Xóm Bãi", "Xóm Trại", "Xóm Đồng",
    "Xóm Núi", "Xóm Cầu", "Xóm Chợ", "Xóm Đông", "Xóm Tây", "Xóm Nam", "Xóm Bắc",
    "Xóm Trung", "Xóm Vạn",
)
AP_NAMES: tuple[str, ...] = (
    "Ấp Tân Hòa", "Ấp Bình An", "Ấp Long Thạnh", "Ấp Phú Lợi", "Ấp Mỹ Hòa", "Ấp Thạnh Phú",
    "Ấp Hòa Long", "Ấp Tân Thành", "Ấp Vĩnh Lợi", "Ấp An Thạnh", "Ấp Phước Hưng",
    "Ấp Bình Thạnh", "Ấp Tân Phú", "Ấp Long Hòa", "Ấp Mỹ Phước", "Ấp Thới An", "Ấp Rạch Gốc",
    "Ấp Kinh Mới", "Ấp Xẻo Đước", "Ấp Cây Dương", "Ấp Phú Hữu", "Ấp Tân Lập",
)
BAN_NAMES: tuple[str, ...] = (
    "Bản Nà Làng", "Bản Nà Sáy", "Bản Hua Pầu", "Bản Pha Khuông", "Bản Huổi Lè",
    "Bản Na Lượng", "Bản Co Phương", "Bản Nậm Tiến", "Bản Pá Khoang", "Bản Xốp Lằm",
    "Bản Phà Lõm", "Bản Tà Cọ", "Bản Kẹo Lực", "Bản Piêng Cu", "Bản Khe Nằn", "Bản Cà Moong",
    "Bản Nà Tồng", "Bản Lướt", "Bản Đôn", "Bản Mới", "Bản Huồi Giảng", "Bản Nà Hiềng",
)
SOC_NAMES: tuple[str, ...] = (
    "Sóc Chùa", "Sóc Xoài", "Sóc Mới", "Sóc Tháo", "Sóc Lèo", "Sóc Ven", "Sóc Rẫy", "Sóc Dừa",
)
LANG_NAMES: tuple[str, ...] = (
    "Làng Bàu Trúc", "Làng Phước Nhơn", "Làng Hữu Đức", "Làng Mỹ Nghiệp", "Làng Chất Thường",
)
# Minority groups whose villages carry their own naming (others: "Bản …").
MINORITY_HAMLET_NAMES: dict[str, tuple[str, ...]] = {"05": SOC_NAMES, "14": LANG_NAMES}

# --- regions: which minorities live where ---------------------------------------------

# Region of a commune, from the province code of most of its people's birth registration.
REGION_PROVINCES: dict[str, frozenset[str]] = {
    "northeast": frozenset({"002", "004", "006", "008", "010", "019", "020", "022", "024"}),
    "northwest": frozenset({"011", "012", "014", "015", "017"}),
    "north_central": frozenset({"025", "038", "040", "042", "044", "045"}),
    "delta": frozenset({"001", "026", "027", "030", "031", "033", "034", "035", "036", "037"}),
    "central_coast": frozenset({"046", "048", "049", "051", "052", "054", "056", "058", "060"}),
    "highlands": frozenset({"062", "064", "066", "067", "068"}),
    "south": frozenset({"070", "072", "074", "075", "077", "079", "080", "082", "083", "084",
                        "086", "087", "089", "091", "092", "093", "094", "095", "096"}),
}
DEFAULT_REGION = "north_central"
# (minority groups, most likely first; share of minority people in the commune)
REGION_MINORITIES: dict[str, tuple[tuple[str, ...], float]] = {
    "northeast": (("02", "07", "09", "08"), 0.30),
    "northwest": (("03", "08", "04", "09"), 0.30),
    "north_central": (("03", "08", "21", "04"), 0.15),
    "delta": (("04", "02", "06"), 0.04),
    "central_coast": (("14", "06"), 0.08),
    # Central Highlands communes with many Tày, Nùng, Mường and Dao settlers from the north.
    "highlands": (("02", "07", "04", "09"), 0.20),
    "south": (("05", "06", "14"), 0.10),
}

# --- units ------------------------------------------------------------------------------

# (name pattern with {c} = commune name, vocab.UNIT_KINDS code, staff min, staff max)
CORE_UNITS: tuple[tuple[str, str, int, int], ...] = (
    ("Ủy ban nhân dân xã {c}", "agency", 25, 40),
    ("Công an xã {c}", "agency", 8, 18),
    ("Trạm Y tế xã {c}", "health", 6, 14),
    ("Trường Mầm non {c}", "school", 20, 40),
    ("Trường Tiểu học {c}", "school", 22, 45),
    ("Trường THCS {c}", "school", 25, 50),
)
EXTRA_UNITS: tuple[tuple[str, str, int, int], ...] = (
    ("Hợp tác xã nông nghiệp {c}", "cooperative", 5, 20),
    ("Quỹ tín dụng nhân dân {c}", "other", 6, 14),
    ("Bưu điện văn hóa xã {c}", "other", 2, 5),
    ("Công ty TNHH May mặc Minh Anh", "enterprise", 80, 350),
    ("Công ty cổ phần Chế biến nông sản {c}", "enterprise", 30, 120),
    ("Công ty TNHH Xây dựng Hoàng Phát", "enterprise", 20, 60),
    ("Trường THPT Nguyễn Du", "school", 45, 60),
    ("Hợp tác xã dịch vụ điện năng {c}", "cooperative", 5, 15),
    ("Công ty TNHH Gạch tuynel {c}", "enterprise", 25, 80),
    ("Hợp tác xã rau an toàn {c}", "cooperative", 8, 25),
)

# --- learning-centre activities ---------------------------------------------------------

# category -> ((title, who teaches it), …). Titles are what the centre writes in its plan.
ACTIVITY_TITLES: dict[str, tuple[tuple[str, str], ...]] = {
    "literacy": (
        ("Lớp xóa mù chữ giai đoạn 1", "giáo viên Trường Tiểu học"),
        ("Lớp xóa mù chữ giai đoạn 2", "giáo viên Trường Tiểu học"),
        ("Lớp xóa mù chữ cho phụ nữ dân tộc thiểu số", "giáo viên Trường Tiểu học"),
        ("Lớp xóa mù chữ kết hợp dạy tiếng Việt", "giáo viên Trường Tiểu học"),
    ),
    "post_literacy": (
        ("Lớp giáo dục tiếp tục sau khi biết chữ", "giáo viên Trường THCS"),
        ("Củng cố kỹ năng đọc, viết, tính toán cho người mới biết chữ", "giáo viên Trường Tiểu học"),
        ("Ôn luyện chống tái mù chữ", "giáo viên Trường Tiểu học"),
        ("Đọc sách cùng người mới biết chữ", "cán bộ thư viện Trung tâm học tập cộng đồng"),
    ),
    "topic": (
        ("Chuyên đề kỹ thuật trồng lúa chất lượng cao", "cán bộ khuyến nông"),
        ("Phòng chống dịch bệnh trên đàn gia cầm", "cán bộ thú y"),
        ("Tuyên truyền Luật An toàn giao thông", "Công an xã"),
        ("Kỹ thuật chăn nuôi lợn an toàn sinh học", "cán bộ thú y"),
        ("Phòng chống bệnh dịch tả lợn châu Phi", "cán bộ thú y"),
        ("Kỹ thuật trồng và chăm sóc cây ăn quả có múi", "cán bộ khuyến nông"),
        ("Phòng chống sốt xuất huyết", "Trạm Y tế xã"),
        ("Chăm sóc sức khỏe sinh sản cho phụ nữ", "Trạm Y tế xã"),
        ("Dinh dưỡng hợp lý cho trẻ dưới 5 tuổi", "Trạm Y tế xã"),
        ("Phòng chống bạo lực gia đình", "Hội Liên hiệp Phụ nữ xã"),
        ("Tuyên truyền Luật Đất đai 2024", "cán bộ địa chính xã"),
        ("Phòng chống ma túy và tệ nạn xã hội", "Công an xã"),
        ("Phân loại rác thải sinh hoạt tại nguồn", "cán bộ môi trường xã"),
        ("Sử dụng thuốc bảo vệ thực vật an toàn", "cán bộ khuyến nông"),
        ("Kỹ thuật nuôi cá nước ngọt", "cán bộ khuyến nông"),
        ("Phòng chống đuối nước cho trẻ em", "Đoàn Thanh niên xã"),
        ("Phòng cháy chữa cháy trong khu dân cư", "Công an xã"),
        ("Sản xuất rau an toàn theo tiêu chuẩn VietGAP", "cán bộ khuyến nông"),
        ("Bảo hiểm xã hội tự nguyện và bảo hiểm y tế hộ gia đình", "cán bộ Bảo hiểm xã hội"),
        ("Tuyên truyền Luật Căn cước và thủ tục cấp thẻ căn cước", "Công an xã"),
        ("Phòng chống tác hại của thuốc lá và rượu bia", "Trạm Y tế xã"),
        ("Chăm sóc sức khỏe người cao tuổi", "Trạm Y tế xã"),
    ),
    "skills": (
        ("Kỹ năng làm cha mẹ", "Hội Liên hiệp Phụ nữ xã"),
        ("Sơ cấp cứu ban đầu", "Trạm Y tế xã"),
        ("Nghề may công nghiệp", "giáo viên Trung tâm giáo dục nghề nghiệp"),
        ("Sửa chữa máy nông nghiệp", "giáo viên Trung tâm giáo dục nghề nghiệp"),
        ("Đan lát mây tre xuất khẩu", "nghệ nhân địa phương"),
        ("Khởi nghiệp cho thanh niên nông thôn", "Đoàn Thanh niên xã"),
        ("Kỹ thuật trồng nấm rơm", "cán bộ khuyến nông"),
        ("Kỹ thuật ghép cây ăn quả", "cán bộ khuyến nông"),
        ("Sửa chữa điện dân dụng", "giáo viên Trung tâm giáo dục nghề nghiệp"),
        ("Kỹ năng giao tiếp và ứng xử trong gia đình", "Hội Liên hiệp Phụ nữ xã"),
        ("Kỹ năng phòng tránh xâm hại cho trẻ em", "Đoàn Thanh niên xã"),
        ("Nấu ăn và chế biến món ăn truyền thống", "Hội Liên hiệp Phụ nữ xã"),
    ),
    "digital_skills": (
        ("Bình dân học vụ số: sử dụng VNeID", "Công an xã"),
        ("Thanh toán không dùng tiền mặt", "cán bộ ngân hàng"),
        ("Bình dân học vụ số: nộp hồ sơ trên Cổng dịch vụ công quốc gia", "cán bộ bộ phận một cửa xã"),
        ("Sử dụng điện thoại thông minh cho người cao tuổi", "Đoàn Thanh niên xã"),
        ("An toàn thông tin, phòng chống lừa đảo trên mạng", "Công an xã"),
        ("Bán nông sản qua mạng xã hội và sàn thương mại điện tử", "cán bộ khuyến công"),
        ("Tin học văn phòng cơ bản", "giáo viên Trường THCS"),
        ("Sử dụng ứng dụng VssID", "cán bộ Bảo hiểm xã hội"),
        ("Tìm kiếm và khai thác thông tin trên Internet", "giáo viên Trường THCS"),
        ("Sử dụng trí tuệ nhân tạo trong công việc hằng ngày", "giáo viên Trường THCS"),
        ("Học trực tuyến trên nền tảng học tập mở", "cán bộ Trung tâm học tập cộng đồng"),
    ),
    "foreign_language": (
        ("Tiếng Anh giao tiếp cơ bản", "giáo viên Trường THCS"),
        ("Tiếng Hàn cho người chuẩn bị đi lao động", "giáo viên trung tâm ngoại ngữ"),
        ("Tiếng Nhật cơ bản cho thực tập sinh", "giáo viên trung tâm ngoại ngữ"),
        ("Tiếng Trung giao tiếp", "giáo viên trung tâm ngoại ngữ"),
        ("Tiếng Anh cho cán bộ, công chức xã", "giáo viên Trường THCS"),
    ),
    "culture_sport": (
        ("Câu lạc bộ văn nghệ dưỡng sinh người cao tuổi", "Hội Người cao tuổi xã"),
        ("Giải bóng chuyền hơi", "cán bộ văn hóa xã"),
        ("Ngày Sách và Văn hóa đọc Việt Nam", "cán bộ thư viện Trung tâm học tập cộng đồng"),
        ("Câu lạc bộ thơ", "Hội Người cao tuổi xã"),
        ("Tập luyện dưỡng sinh", "Hội Người cao tuổi xã"),
        ("Giải bóng đá thiếu niên nhi đồng", "Đoàn Thanh niên xã"),
        ("Hội diễn văn nghệ mừng Quốc khánh 2/9", "cán bộ văn hóa xã"),
        ("Ngày hội Đại đoàn kết toàn dân tộc", "Ủy ban Mặt trận Tổ quốc xã"),
        ("Câu lạc bộ dân ca", "cán bộ văn hóa xã"),
        ("Giải cờ tướng", "cán bộ văn hóa xã"),
    ),
    "other": (
        ("Tư vấn hướng nghiệp cho thanh niên", "Đoàn Thanh niên xã"),
        ("Tư vấn, giới thiệu việc làm", "cán bộ lao động - thương binh và xã hội"),
        ("Tập huấn công tác khuyến học, khuyến tài", "Hội Khuyến học xã"),
        ("Đối thoại chính sách với nông dân", "Hội Nông dân xã"),
        ("Hội thảo xây dựng gia đình học tập, dòng họ học tập", "Hội Khuyến học xã"),
        ("Tập huấn đánh giá, công nhận công dân học tập", "Hội Khuyến học xã"),
        ("Trợ giúp pháp lý lưu động", "cán bộ tư pháp xã"),
    ),
}

# Activities held on a fixed day of the year: title -> (month, day).
ACTIVITY_FIXED_DAYS: dict[str, tuple[int, int]] = {
    "Ngày Sách và Văn hóa đọc Việt Nam": (4, 21),
    "Hội diễn văn nghệ mừng Quốc khánh 2/9": (8, 30),
    "Ngày hội Đại đoàn kết toàn dân tộc": (11, 15),
}

# --- phones -----------------------------------------------------------------------------

# Mobile prefixes in use since the 2018 renumbering (Viettel, MobiFone, VinaPhone,
# Vietnamobile, Gmobile), weighted roughly by market share.
MOBILE_PREFIXES: tuple[tuple[str, float], ...] = (
    ("086", 3), ("096", 5), ("097", 6), ("098", 6), ("032", 3), ("033", 3), ("034", 3),
    ("035", 3), ("036", 3), ("037", 3), ("038", 3), ("039", 3),
    ("089", 2), ("090", 4), ("093", 3), ("070", 1), ("076", 1), ("077", 1), ("078", 1), ("079", 1),
    ("088", 2), ("091", 4), ("094", 3), ("081", 1), ("082", 1), ("083", 1), ("084", 1), ("085", 1),
    ("092", 1), ("056", 0.5), ("058", 0.5), ("099", 0.3), ("059", 0.3),
)
