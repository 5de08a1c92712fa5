"""What authors write for a choice in their own words (ハイブリッド, 対面, 和暦, 同意済み …):
the choice it means is offered as the hint's answer (``settings.schema.Field.meant``); the
word itself is never accepted as the value, so that every file reads the same.
"""

from __future__ import annotations

#: Yes and no as a Japanese form says them, for a true/false key (after NFKC).
BOOL_WORDS: dict[str, str] = {
    **dict.fromkeys(("はい", "あり", "有", "有り", "する", "○", "〇", "◯", "済"), "true"),
    **dict.fromkeys(("いいえ", "なし", "無", "無し", "しない", "×", "✕", "-"), "false"),
}

LANGUAGE_ALIASES: tuple[tuple[str, str], ...] = (
    ("日本語", "ja"),
    ("japanese", "ja"),
    ("英語", "en"),
    ("english", "en"),
)
DATE_STYLE_ALIASES: tuple[tuple[str, str], ...] = (
    ("西暦", "western"),
    ("和暦", "era"),
    ("元号", "era"),
    ("併記", "both"),
    ("両方", "both"),
    ("西暦と和暦", "both"),
    ("和暦と西暦", "both"),
)
CONSENT_ALIASES: tuple[tuple[str, str], ...] = (
    ("同意済み", "obtained"),
    ("同意あり", "obtained"),
    ("許諾済み", "obtained"),
    ("了承済み", "obtained"),
    ("ぼかし", "blurred"),
    ("ぼかし済み", "blurred"),
    ("モザイク", "blurred"),
    ("特定できない", "not-identifiable"),
    ("個人が特定できない", "not-identifiable"),
    ("特定不可", "not-identifiable"),
)
FORMAT_ALIASES: tuple[tuple[str, str], ...] = (
    ("オンライン", "online"),
    ("ウェブ", "online"),
    ("web", "online"),
    ("ウェビナー", "online"),
    ("webinar", "online"),
    ("リモート", "online"),
    ("対面", "offline"),
    ("会場", "offline"),
    ("現地", "offline"),
    ("オフライン", "offline"),
    ("集合", "offline"),
    ("来場", "offline"),
    ("ハイブリッド", "hybrid"),
    ("併用", "hybrid"),
    ("対面とオンライン", "hybrid"),
    ("会場とオンライン", "hybrid"),
    ("対面・オンライン", "hybrid"),
    ("会場・オンライン", "hybrid"),
    ("対面+オンライン", "hybrid"),
    ("会場+オンライン", "hybrid"),
    ("対面・オンライン併用", "hybrid"),
    ("会場・オンライン併用", "hybrid"),
    ("対面とオンラインの併用", "hybrid"),
)
