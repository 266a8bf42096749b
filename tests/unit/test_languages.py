"""News in languages other than English, and in scripts other than the Latin alphabet's.

Chinese, Japanese and Thai are written without spaces between words: each character (with
its marks) is a token, keyed with the next one (overlapping bigrams), so an edited copy keeps
most of its tokens and a report on such text finds it, at offsets that slice the articles.
Before, a run of characters up to the next punctuation mark was one "word", and a copy with one
character changed in every other clause shared almost none of them. Hindi (and the other
scripts that write vowels as marks) and Arabic with vowel points keep their marks inside their
words: before, "प्रधानमंत्री" was read as "प", "रध", "नम", "त", "र", and a Hindi copy was not
found at all. German capitalises every noun, so its capitals mark no names: before, a copy
that swapped one noun ("Reihe" for "Serie") was cut as a sentence "putting other names in the
same frame"."""

from __future__ import annotations

import pytest

import reuse
from reuse.model import Article
from reuse.stages.attribution.signals import wire_credits
from reuse.text.sentences import sentences
from reuse.text.tokens import split_tokens, tokenize

# A wire story (two paragraphs after the first), as a news agency sends it.
XINHUA = (
    "新华社广州7月10日电 受强降雨影响，广东省清远市9日夜间至10日凌晨出现特大暴雨，多条河流水位"
    "超过警戒线。据当地防汛部门介绍，截至10日上午8时，全市累计转移群众1.2万人，暂无人员伤亡报告。"
    "\n\n"
    "清远市气象台数据显示，过去24小时内，英德市部分乡镇降雨量超过300毫米，为当地有气象记录以来的"
    "最高值。受暴雨影响，京港澳高速清远段部分路段出现积水，交通一度中断，目前已基本恢复通行。"
    "\n\n"
    "广东省应急管理厅已启动防汛四级应急响应，派出工作组赶赴灾区指导抢险救灾工作。气象部门预计，"
    "未来三天广东北部仍有大到暴雨，提醒公众注意防范山洪、泥石流等次生灾害。"
)
# The last two paragraphs as a local paper carried them a day later, edited here and there
# ("的" added, "内" made "里", "为" made "是", a clause cut, "广东北部" made "粤北").
COPIED = (
    "清远市气象台的数据显示，过去24小时里，英德市部分乡镇降雨量超过了300毫米，是当地有气象记录以来"
    "的最高值。受暴雨影响，京港澳高速清远段部分路段出现积水，交通一度中断，现在已基本恢复通行。"
    "\n\n"
    "广东省应急管理厅已经启动防汛四级应急响应，派出工作组赶赴灾区指导抢险救灾。气象部门预计，"
    "未来三天粤北仍有大到暴雨，提醒市民注意防范山洪、泥石流等次生灾害。"
)
LOCAL = (
    "本报讯（记者 王明）连日来的强降雨给我市农业生产带来一定影响，部分农田被淹，农业部门正组织"
    "技术人员下乡指导生产自救。\n\n" + COPIED + "\n\n市农业农村局提醒农户，雨后要及时排水，"
    "加强病虫害防治，减少损失。"
)
# The same event reported on the ground by another paper: the same places, figures and
# subject, and no sentence in common with the wire story.
SCENE = (
    "记者10日上午在英德市看到，街道上的积水已经退去，不少商户正在清理店内的淤泥。一家小超市的老板"
    "告诉记者，昨晚的雨下得特别急，水很快就漫进了店里，损失了不少货物。附近的小学临时改成了安置点，"
    "志愿者为转移来的村民送来了热饭和被褥。一位七十多岁的老人说，自己在这里生活了一辈子，从来没见过"
    "这么大的雨。当地干部表示，将尽快统计受灾情况，帮助群众恢复生产生活。"
)
ECONOMY = (
    "国家统计局10日发布数据显示，6月份全国居民消费价格同比上涨0.2%，环比下降0.1%。其中，食品价格"
    "同比下降2.1%，非食品价格上涨0.7%。专家分析认为，随着促消费政策持续发力，下半年物价有望保持"
    "温和回升态势，国内需求将进一步恢复。"
)
# A Japanese agency story and a regional paper's copy of it, lightly edited.
KYODO = (
    "【東京共同】政府は10日、首相官邸で閣議を開き、来年度の予算案の編成方針を決定した。防衛費の"
    "増額や少子化対策の強化を柱とし、一般会計の総額は過去最大となる見通しだ。財務省は各省庁からの"
    "要求を精査し、年末までに政府案をまとめる方針である。\n\n野党からは財政規律の緩みを懸念する声が"
    "上がっており、国会での論戦が激しくなりそうだ。専門家は、歳出の拡大が続けば将来世代への負担が"
    "増すと指摘している。"
)
REGIONAL = (
    "県内の自治体からは、地方交付税の行方を注視する声が出ている。\n\n政府は10日、首相官邸で閣議を"
    "開き、来年度の予算案の編成方針を決めた。防衛費の増額や少子化対策の強化を柱とし、一般会計の"
    "総額は過去最大となる見込みだ。財務省は各省庁の要求を精査し、年末までに政府案をまとめる。"
    "\n\n野党からは財政規律の緩みを懸念する声が上がっており、国会での論戦が激しくなりそうだ。"
)
WEATHER_JA = (
    "気象庁によると、関東甲信地方は11日にかけて大気の状態が非常に不安定となり、局地的に雷を伴った"
    "激しい雨が降るおそれがある。土砂災害や低い土地の浸水、河川の増水に警戒するよう呼びかけている。"
)


def test_each_character_is_a_token_keyed_with_the_next() -> None:
    text = "新华社北京12月2日电 東京タワー, don't"
    words, starts, ends = split_tokens(text)
    assert [text[s:e] for s, e in zip(starts.tolist(), ends.tolist())] == [
        *"新华社北京",
        "12",
        "月",
        "2",
        *"日电",
        *"東京タワー",
        "don't",
    ]
    # Bigrams within a run of such characters, the last alone; digits and Latin words whole.
    assert words[:5] == ["新华", "华社", "社北", "北京", "京"]
    assert words[-6:] == ["東京", "京タ", "タワ", "ワー", "ー", "don't"]
    assert tokenize(text).norm[-1] == "don't"


def test_japanese_voicing_marks_make_other_words_while_accents_go() -> None:
    """Accents are dropped from words ("café" is "cafe"), but kana's voicing marks make other
    words: "はし" (bridge) and "ばし" are two words, and a voiced kana written as two
    characters is the same word as written as one."""
    assert tokenize("はし ばし café").norm == ("はし", "し", "ばし", "し", "cafe")
    assert tokenize("ハ\u3099ス").norm == tokenize("バス").norm


def test_chinese_and_japanese_full_stops_end_sentences() -> None:
    text = "会议指出，形势稳定向好。会议强调，要坚持人民至上！「これは本当か？」と彼は言った。"
    assert [text[s:e] for s, e in sentences(text)] == [
        "会议指出，形势稳定向好。",
        "会议强调，要坚持人民至上！",
        "「これは本当か？」",
        "と彼は言った。",
    ]


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_edited_copy_in_chinese_or_japanese_is_found_and_nothing_else(jobs: int) -> None:
    articles = [
        Article("xinhua", XINHUA, outlet="新华社", published="2026-07-10T09:00:00+08:00"),
        Article("local", LOCAL, outlet="Qingyuan Daily", published="2026-07-11T06:00:00+08:00"),
        Article("scene", SCENE, outlet="Southern Daily", published="2026-07-10T18:00:00+08:00"),
        Article("economy", ECONOMY, outlet="People's Daily", published="2026-07-10"),
        Article("kyodo", KYODO, outlet="Kyodo News", published="2026-07-10T12:00:00+09:00"),
        Article("regional", REGIONAL, outlet="Chunichi", published="2026-07-11T05:00:00+09:00"),
        Article("weather", WEATHER_JA, outlet="NHK", published="2026-07-10"),
    ]
    report = reuse.detect(articles, jobs=jobs)
    pairs = {tuple(sorted((m.a, m.b))) for m in report.matches}
    assert pairs == {("local", "xinhua"), ("kyodo", "regional")}
    texts = {a.id: a.text for a in articles}
    # The copy is found nearly whole on both sides, and the offsets slice the texts.
    copy_start = LOCAL.index(COPIED)
    covered = 0
    for m in report.matches:
        for art, s, e in ((m.a, m.a_start, m.a_end), (m.b, m.b_start, m.b_end)):
            assert 0 <= s < e <= len(texts[art])
        if m.b == "local" or m.a == "local":
            s, e = (m.a_start, m.a_end) if m.a == "local" else (m.b_start, m.b_end)
            covered += max(0, min(e, copy_start + len(COPIED)) - max(s, copy_start))
    assert covered >= 0.9 * len(COPIED)
    # Dated a day apart with the agency first, each copy is called copied from its source.
    called = {(d.source, d.target): d.relation for d in report.derivations}
    assert called.get(("xinhua", "local")) == "copied"
    assert called.get(("kyodo", "regional")) == "copied"
    # Each story names its agency: an outlet named in Chinese, a credit in 【】.
    assert {(s.carriers, s.wire) for s in report.stories} == {
        (("xinhua", "local"), "Xinhua"),
        (("kyodo", "regional"), "Kyodo"),
    }


# Hindi: a news agency's story, a regional paper's lightly edited copy of three of its
# sentences, the same news told in other words, and other news.
BHASHA = (
    "नई दिल्ली, 10 जुलाई (भाषा) प्रधानमंत्री नरेंद्र मोदी ने बुधवार को केंद्रीय मंत्रिमंडल की बैठक की अध्यक्षता"
    " की, जिसमें किसानों के लिए नई फसल बीमा योजना को मंजूरी दी गई। कृषि मंत्री ने संवाददाताओं को बताया कि"
    " इस योजना से देश के लगभग दो करोड़ किसानों को लाभ मिलेगा और प्रीमियम की दरों में भारी कमी की जाएगी।"
    " उन्होंने कहा कि सरकार का लक्ष्य अगले तीन वर्षों में सभी छोटे और सीमांत किसानों को बीमा के दायरे में"
    " लाना है।\n\nविपक्षी दलों ने इस फैसले का स्वागत किया, लेकिन कहा कि योजना को जमीन पर लागू करना असली"
    " चुनौती होगी। विशेषज्ञों का मानना है कि मानसून की अनिश्चितता को देखते हुए यह कदम समय पर उठाया गया है।"
)
HINDI_COPY = (
    "प्रधानमंत्री नरेंद्र मोदी ने बुधवार को केंद्रीय मंत्रिमंडल की बैठक की अध्यक्षता की जिसमें किसानों के लिए"
    " नयी फसल बीमा योजना को मंजूरी दी गयी। कृषि मंत्री ने पत्रकारों को बताया कि इस योजना से देश के करीब दो"
    " करोड़ किसानों को लाभ मिलेगा और प्रीमियम की दरों में भारी कमी की जाएगी। उन्होंने कहा कि सरकार का लक्ष्य"
    " अगले तीन वर्षों में सभी छोटे और सीमांत किसानों को बीमा के दायरे में लाना है।"
)
PATRIKA = (
    "जयपुर। राज्य के किसान संगठनों ने केंद्र के फैसले पर मिली-जुली प्रतिक्रिया दी है।\n\n"
    + HINDI_COPY
    + "\n\nराज्य सरकार ने कहा कि वह योजना को तेजी से लागू करेगी।"
)
VILLAGE = (
    "किसानों की फसल को प्राकृतिक आपदाओं से होने वाले नुकसान से बचाने के लिए केंद्र सरकार ने एक और कदम"
    " उठाया है। मंत्रिमंडल के फैसले के बाद गांवों में किसानों के बीच चर्चा शुरू हो गई है। सीतापुर के किसान"
    " रामलाल ने बताया कि पिछले साल ओलावृष्टि में उनकी पूरी फसल बर्बाद हो गई थी और उन्हें कोई मुआवजा नहीं"
    " मिला। कृषि विशेषज्ञों का कहना है कि बीमा दावों का भुगतान समय पर होना सबसे जरूरी है।"
)
MARKETS = (
    "मुंबई, 10 जुलाई। शेयर बाजार में बुधवार को लगातार तीसरे दिन तेजी रही और सेंसेक्स पांच सौ अंक चढ़कर बंद"
    " हुआ। बैंकिंग और सूचना प्रौद्योगिकी कंपनियों के शेयरों में सबसे ज्यादा खरीदारी देखी गई।"
)
# Thai, without spaces between words: a story and a copy with words swapped and one cut.
THAI = (
    "กรุงเทพฯ 10 ก.ค. - คณะรัฐมนตรีมีมติอนุมัติงบประมาณ 5,000 ล้านบาท เพื่อช่วยเหลือเกษตรกรที่ได้รับผลกระทบ"
    "จากภัยแล้งในภาคตะวันออกเฉียงเหนือ โฆษกรัฐบาลกล่าวว่าเงินช่วยเหลือจะโอนเข้าบัญชีเกษตรกรโดยตรงภายในเดือน"
    "สิงหาคม และจะครอบคลุมครัวเรือนกว่าหนึ่งล้านครัวเรือน\n\nนอกจากนี้ รัฐบาลยังสั่งการให้กรมชลประทานเร่ง"
    "ขุดบ่อน้ำและซ่อมแซมระบบส่งน้ำในพื้นที่ที่ขาดแคลนน้ำ เพื่อให้เกษตรกรสามารถเพาะปลูกได้ทันฤดูกาล"
)
THAI_COPY = (
    "คณะรัฐมนตรีมีมติอนุมัติงบประมาณ 5,000 ล้านบาท เพื่อเยียวยาเกษตรกรที่ได้รับผลกระทบจากภัยแล้งในภาค"
    "ตะวันออกเฉียงเหนือ โฆษกรัฐบาลระบุว่าเงินช่วยเหลือจะโอนเข้าบัญชีเกษตรกรภายในเดือนสิงหาคม และจะครอบคลุม"
    "ครัวเรือนกว่าหนึ่งล้านครัวเรือน"
)
THAI_LOCAL = "ขอนแก่น - ชาวนาในจังหวัดต่างรอคอยความช่วยเหลือมานาน\n\n" + THAI_COPY
THAI_MARKETS = (
    "ตลาดหลักทรัพย์แห่งประเทศไทยปิดตลาดวันนี้ปรับตัวเพิ่มขึ้น 12 จุด โดยได้รับแรงหนุนจากหุ้นกลุ่มพลังงาน"
    "และธนาคาร นักวิเคราะห์คาดว่าดัชนีจะแกว่งตัวในกรอบแคบในสัปดาห์หน้า"
)
# Arabic: a story, and a copy that adds vowel points to some of its words.
ARABIC = (
    "أعلنت وزارة الصحة اليوم عن إطلاق حملة وطنية للتطعيم ضد الحصبة تستهدف أكثر من مليوني طفل في جميع"
    " المحافظات. وقال المتحدث باسم الوزارة إن الحملة ستستمر لمدة أسبوعين وإن اللقاحات متوفرة مجانا في جميع"
    " المراكز الصحية، داعيا الأهالي إلى المبادرة بتطعيم أطفالهم."
)
ARABIC_COPY = (
    "أَعلنت وزارةُ الصحة اليوم عن إطلاق حملةٍ وطنية للتطعيم ضد الحصبة تستهدف أكثر من مليونَي طفل في جميع"
    " المحافظات. وقال المتحدث باسم الوزارة إنّ الحملة ستستمر لمدة أسبوعين وإنّ اللقاحات متوفرة مجاناً في"
    " جميع المراكز الصحية."
)
ARABIC_LOCAL = "في محافظتنا، بدأت الاستعدادات منذ الصباح الباكر. " + ARABIC_COPY
ARABIC_SPORT = (
    "فاز المنتخب الوطني لكرة القدم على نظيره بثلاثة أهداف مقابل هدف واحد في المباراة الودية التي أقيمت"
    " مساء أمس على الملعب الأولمبي، وسط حضور جماهيري كبير."
)


# German: an agency's story, a copy with nouns swapped, the news in other words, other news.
DPA = (
    "Berlin (dpa) - Die Bundesregierung hat am Mittwoch ein Gesetz zur Stärkung der Sicherheit im"
    " öffentlichen Nahverkehr beschlossen. Nach einer Reihe von Angriffen auf Zugbegleiter sollen"
    " künftig mehr Sicherheitskräfte an Bahnhöfen eingesetzt werden. Zudem sollen Kontrolleure"
    " flächendeckend mit Körperkameras ausgestattet werden, wie das Verkehrsministerium mitteilte."
    "\n\nDie Gewerkschaften begrüßten den Schritt, forderten aber zusätzliche Mittel für die"
    " Einstellung von Personal. Der Bundestag soll das Gesetz noch vor der Sommerpause beraten."
)
GERMAN_COPY = (
    "Die Bundesregierung hat am Mittwoch ein Gesetz zur Stärkung der Sicherheit im Nahverkehr"
    " beschlossen. Nach einer Serie von Angriffen auf Zugbegleiter sollen künftig mehr"
    " Sicherheitskräfte an den Bahnhöfen eingesetzt werden. Außerdem sollen Kontrolleure"
    " flächendeckend mit Körperkameras ausgestattet werden."
)
GERMAN_LOCAL = (
    "In unserer Region warten viele Pendler seit Monaten auf Verbesserungen. "
    + GERMAN_COPY
    + " Der regionale Verkehrsverbund wollte sich zunächst nicht äußern."
)
GERMAN_SCENE = (
    "Mehr Personal, mehr Kameras: Mit einem neuen Gesetz will die Regierung Fahrgäste und"
    " Beschäftigte in Bussen und Bahnen besser schützen. Am Hauptbahnhof zeigten sich Reisende am"
    " Mittwoch skeptisch. Eine Studentin erzählte, sie fühle sich abends in der S-Bahn oft unwohl."
    " Ein Zugbegleiter sagte, Beleidigungen gehörten inzwischen zum Alltag. Ob die Pläne im"
    " Bundestag eine Mehrheit finden, ist noch offen."
)
GERMAN_MARKETS = (
    "Die Europäische Zentralbank hat ihre Leitzinsen am Donnerstag unverändert gelassen. Die"
    " Inflation im Euroraum nähere sich dem Zielwert von zwei Prozent, teilte die Notenbank in"
    " Frankfurt mit. Ökonomen erwarten eine erste Zinssenkung im Herbst."
)


# French: an agency's story, a copy of its second paragraph lightly edited under a local
# paper's own top and end, the news in other words, other news.
AFP = (
    "PARIS (AFP) - Le gouvernement a présenté mercredi un projet de loi sur la réforme des"
    " retraites, qui prévoit de relever progressivement l'âge légal de départ de 62 à 64 ans d'ici"
    " 2030. Le texte sera examiné par l'Assemblée nationale au début du mois de février."
    "\n\nLes syndicats ont appelé à une nouvelle journée de grève et de manifestations dans toute"
    " la France pour le 31 janvier. Selon un sondage publié dans la matinée, une large majorité des"
    " Français reste opposée à cette réforme, que le gouvernement juge indispensable pour garantir"
    " l'équilibre du système."
)
FRENCH_COPY = (
    "Les syndicats ont appelé à une nouvelle journée de grève et de manifestations dans toute la"
    " France pour le 31 janvier. Selon un sondage publié ce matin, une large majorité des Français"
    " demeure opposée à cette réforme, que le gouvernement estime indispensable pour garantir"
    " l'équilibre du système."
)
FRENCH_LOCAL = (
    "Dans notre département, les enseignants et les cheminots se préparent déjà à la mobilisation. "
    + FRENCH_COPY
    + " À Rennes, le cortège partira de la place de la République à dix heures."
)
FRENCH_SCENE = (
    "Devant la préfecture, mercredi soir, quelques dizaines de militants se sont rassemblés pour"
    " dire leur colère. Une aide-soignante de cinquante-huit ans raconte qu'elle ne se voit pas"
    " travailler deux ans de plus dans un service où les nuits sont déjà longues. Un retraité, venu"
    " avec sa petite-fille, estime que le pays a les moyens de faire autrement. Les élus de"
    " l'opposition promettent de déposer des milliers d'amendements lors de l'examen du texte."
)
FRENCH_MARKETS = (
    "La Bourse de Paris a terminé la séance en légère hausse jeudi, portée par les valeurs du luxe"
    " et de l'énergie. Le CAC 40 a gagné 0,4 % à la clôture, dans un marché attentif aux chiffres"
    " de l'inflation aux États-Unis qui seront publiés vendredi. Le prix du pétrole est resté"
    " stable, tandis que l'euro a reculé face au dollar."
)


@pytest.mark.parametrize(
    ("source", "host", "copied", "others"),
    [
        (BHASHA, PATRIKA, HINDI_COPY, [VILLAGE, MARKETS]),
        (THAI, THAI_LOCAL, THAI_COPY, [THAI_MARKETS]),
        (ARABIC, ARABIC_LOCAL, ARABIC_COPY, [ARABIC_SPORT]),
        (DPA, GERMAN_LOCAL, GERMAN_COPY, [GERMAN_SCENE, GERMAN_MARKETS]),
        (AFP, FRENCH_LOCAL, FRENCH_COPY, [FRENCH_SCENE, FRENCH_MARKETS]),
    ],
    ids=["hindi", "thai", "arabic", "german", "french"],
)
def test_a_copy_in_hindi_thai_arabic_or_german_is_found_whole(
    source: str, host: str, copied: str, others: list[str]
) -> None:
    articles = [
        Article("source", source, outlet="Agency", published="2026-07-10T09:00:00+05:30"),
        Article("host", host, outlet="Regional", published="2026-07-11"),
    ] + [
        Article(f"other{i}", t, outlet=f"Paper {i}", published="2026-07-10")
        for i, t in enumerate(others)
    ]
    report = reuse.detect(articles, jobs=1)
    assert {(m.a, m.b) for m in report.matches} == {("host", "source")}
    start = host.index(copied)
    covered = sum(
        max(0, min(m.a_end, start + len(copied)) - max(m.a_start, start)) for m in report.matches
    )
    assert covered >= 0.9 * len(copied)
    assert [(d.source, d.target, d.relation) for d in report.derivations] == [
        ("source", "host", "copied")
    ]


@pytest.mark.parametrize(
    ("text", "credits"),
    [
        ("新华社广州7月10日电 受强降雨影响", ("Xinhua",)),
        ("中央社記者台北10日電）行政院今天", ("Central News Agency",)),
        ("【東京共同】政府は10日", ("Kyodo",)),
        ("国会での論戦が激しくなりそうだ。（共同）", ("Kyodo",)),
        ("（時事）", ("Jiji Press",)),
        ("(서울=연합뉴스) 정부는", ("Yonhap",)),
        ("नई दिल्ली, 10 जुलाई (भाषा) प्रधानमंत्री नरेंद्र मोदी ने", ("Press Trust of India",)),
        ("मुंबई, 10 जुलाई (वार्ता) शेयर बाजार में", ("United News of India",)),
        ("हिंदी भाषा में समाचार", ()),  # "भाषा" is also the word "language"
        ("ANKARA (Anadolu) - Turkey's parliament", ("Anadolu Agency",)),
        ("Pakistan Tehreek-e-Insaf (PTI) said on Monday", ()),  # a party, not the wire
        # ... which is the Indian wire after a dateline's place and date.
        ("New Delhi, Mar 7 (PTI) The government on Thursday said", ("Press Trust of India",)),
        ("MUMBAI, 7 March (IANS) Shares rose", ("IANS",)),
        # OCR breaks "SERBIANS" into a line of its own: not the Indian agency's short form.
        ("WANTS AID FOR SERB*\nIANS\nLONDON (Associated Press) -", ("Associated Press",)),
        # "共同" is also a word ("together"): only a credit's brackets or dateline make it one.
        ("双方（双方共同）努力推进合作", ()),
        ("共同建设发电站，推动能源转型", ()),
    ],
)
def test_agency_credits_in_chinese_japanese_korean_and_hindi(
    text: str, credits: tuple[str, ...]
) -> None:
    assert wire_credits(text) == credits


def test_terminal_report_of_chinese_news_fits_its_columns() -> None:
    """Chinese and Japanese characters take two terminal columns: the report's text is wrapped
    at 100 columns, not 100 characters, and its tables' rows line up with their headers."""
    from wcwidth import wcswidth

    from reuse.reports.text import render

    articles = [
        Article("新华社-1", XINHUA, outlet="新华社", published="2026-07-10T09:00:00+08:00"),
        Article("清远日报-2", LOCAL, outlet="清远日报", published="2026-07-11"),
    ]
    lines = render(reuse.detect(articles, jobs=1)).splitlines()
    assert max(wcswidth(line) for line in lines) <= 100
    # A table: a header, a rule of dashes, rows; every row as wide as the rule on screen.
    for k, line in enumerate(lines):
        if k and set(line) <= {"-", " "} and "-" in line:
            width = wcswidth(line)
            rows = []
            for row in lines[k + 1 :]:
                if not row.strip():
                    break
                rows.append(row)
            assert all(wcswidth(row) <= width for row in rows), (lines[k - 1], rows)
            assert wcswidth(lines[k - 1].rstrip()) <= width
