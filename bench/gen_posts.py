#!/usr/bin/env python3
"""gen_posts.py N OUTDIR - writes a Jekyll site of N generated news posts of
about 10 KB each (Chinese and English mixed, HTML and Markdown bodies, digests,
links, lists, tables, navigation trailers: the shapes of a scraped news
archive) for the benchmarks. Deterministic: the same N gives the same bytes.
The text is generated from a small word list written for this project."""
import os
import sys

ZH_WORDS = (
    "记者 今日 表示 市场 公司 发布 公告 数据 显示 同比 增长 下降 行业 投资者 政策 "
    "央行 利率 银行 证券 基金 指数 上涨 收盘 板块 新能源 汽车 芯片 制造 消费 出口 "
    "经济 季度 业绩 预期 研究 报告 分析师 认为 目前 未来 发展 项目 合作 技术 产品 "
    "价格 需求 供应 产能 企业 部门 会议 提出 推动 加快 稳定 保持 进一步 有关 负责人"
).split()
ZH_PUNCT = ["，", "，", "，", "、", "。", "；", "："]
EN_WORDS = (
    "the market rose after data showed demand for new energy vehicles kept growing "
    "analysts said prices would stay firm while exports slowed in the third quarter "
    "investors watched the central bank rate decision and bond yields closely as "
    "companies reported earnings above expectations for the year"
).split()
SOURCES = ["上海证券报", "证券时报", "中国证券报", "财联社", "Reuters", "Bloomberg"]
TAGS = ["滚动新闻", "markets", "要闻", "economy", "公司", "tech"]


class Rng:
    """A small LCG, so the output does not depend on Python's random module."""

    def __init__(self, seed):
        self.s = seed & 0xFFFFFFFF

    def next(self, n):
        self.s = (self.s * 1103515245 + 12345) & 0x7FFFFFFF
        return (self.s >> 8) % n

    def pick(self, seq):
        return seq[self.next(len(seq))]


def zh_sentence(r, words):
    out = []
    for i in range(words):
        out.append(r.pick(ZH_WORDS))
        if i and i % 5 == 4 and i + 1 < words:
            out.append(r.pick(ZH_PUNCT[:4]))
    if r.next(4) == 0:
        out.insert(r.next(len(out)), "%d.%d%%" % (r.next(90) + 1, r.next(10)))
    if r.next(5) == 0:
        out.insert(r.next(len(out)), "“%s%s”" % (r.pick(ZH_WORDS), r.pick(ZH_WORDS)))
    return "".join(out) + "。"


def zh_para(r, sentences):
    return "".join(zh_sentence(r, 8 + r.next(12)) for _ in range(sentences))


def en_para(r, sentences):
    out = []
    for _ in range(sentences):
        ws = [r.pick(EN_WORDS) for _ in range(8 + r.next(12))]
        out.append(" ".join(ws).capitalize() + ".")
    return " ".join(out)


def link(r, text):
    return '<a href="http://quote.example.com/r/%d.%06d" class="keytip">%s</a>' % (
        r.next(2), r.next(1000000), text)


def html_body(r, target):
    parts = []
    while sum(len(p.encode()) for p in parts) < target:
        k = r.next(10)
        if k < 6:
            p = zh_para(r, 2 + r.next(3))
            cut = len(p) // 2
            parts.append("<p>%s%s%s</p>" % (p[:cut], link(r, r.pick(ZH_WORDS)), p[cut:]))
        elif k < 8:
            parts.append("<p>%s</p>" % en_para(r, 2 + r.next(3)))
        elif k == 8:
            parts.append('<p style="text-align:center;"><img src="https://img.example.com/%d.jpg" '
                         'alt="Image" width="552" /></p>' % r.next(100000))
        else:
            parts.append("<p><strong>%s</strong></p>" % zh_sentence(r, 6))
    return "".join(parts)


def md_body(r, target):
    parts = []
    while sum(len(p.encode()) for p in parts) < target:
        k = r.next(12)
        if k < 6:
            parts.append(zh_para(r, 2 + r.next(4)))
        elif k < 8:
            parts.append(en_para(r, 2 + r.next(3)) + " See [the report](https://www.example.org/report/%d)." % r.next(9999))
        elif k == 8:
            parts.append("## " + zh_sentence(r, 4).rstrip("。"))
        elif k == 9:
            parts.append("\n".join("- " + zh_sentence(r, 5 + r.next(5)) for _ in range(3 + r.next(3))))
        elif k == 10:
            rows = ["| 名称 | 收盘 | 涨跌幅 |", "|---|---:|---:|"]
            for _ in range(3 + r.next(4)):
                rows.append("| %s%s | %d.%02d | %d.%d%% |" % (
                    r.pick(ZH_WORDS), r.pick(ZH_WORDS), r.next(200), r.next(100), r.next(10), r.next(10)))
            parts.append("\n".join(rows))
        else:
            parts.append("1. %s\n2. %s" % (en_para(r, 1), en_para(r, 1)))
    return "\n\n".join(parts)


def post(r, i):
    day = i % 28 + 1
    month = (i // 28) % 12 + 1
    title = zh_sentence(r, 3 + r.next(3)).rstrip("。")
    if r.next(3) == 0:
        title += " " + " ".join(r.pick(EN_WORDS) for _ in range(3))
    stamp = "2022-%02d-%02d %02d:%02d:%02d" % (month, day, r.next(24), r.next(60), r.next(60))
    head = [
        "---",
        "layout: post",
        'title: "%s"' % title,
        "date: %s%s" % (stamp, " +0800" if i % 2 else ""),
        "categories: %s" % ("emnews" if i % 3 else "world"),
        "tags: %s %s" % (r.pick(TAGS), r.pick(TAGS)),
        "---",
        "",
        "> " + zh_para(r, 2) + "（%s）" % r.pick(SOURCES),
        "",
        "",
    ]
    body = html_body(r, 9300) if i % 2 else md_body(r, 9300)
    trailer = "\n\n[返回滚动新闻](/emnews/)｜[返回首页](/)\n"
    name = "2022-%02d-%02d-%08d.md" % (month, day, 20220000 + i)
    return name, "\n".join(head) + body + trailer


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_posts.py N OUTDIR")
    n, out = int(sys.argv[1]), sys.argv[2]
    posts = os.path.join(out, "_posts")
    os.makedirs(posts, exist_ok=True)
    with open(os.path.join(out, "_config.yml"), "w", encoding="utf-8") as f:
        f.write("title: 生成的新闻\nlang: zh-CN\ntimezone: Asia/Shanghai\n"
                "url: https://news.example.com\nauthor: bench\n")
    r = Rng(20221126)
    for i in range(n):
        name, text = post(r, i)
        with open(os.path.join(posts, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


if __name__ == "__main__":
    main()
