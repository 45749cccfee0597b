"""Realistic sample data for the two data columns, clearly fictitious (deterministic, seeded).

    python benchmarks/sample_data.py refund 20000 > rates.csv     # the lookup benchmark's 20k rows
    python benchmarks/sample_data.py revenue > revenue.csv

The shipped site's sample files (content/ssfg/cktsl/…, content/xxgk/sstj/…) were written with this
module; their companions say `sample: true`, so the pages carry a 示例数据 notice.
"""

from __future__ import annotations

import random
import sys

# Real HS headings (four digits) with their usual Chinese names and a typical refund rate.
HEADINGS = [
    ("0101", "马、驴、骡", "千克", "9"),
    ("0201", "鲜、冷牛肉", "千克", "9"),
    ("0302", "鲜、冷鱼", "千克", "9"),
    ("0402", "浓缩、加糖或其他甜物质的乳及奶油", "千克", "9"),
    ("0701", "鲜或冷藏的马铃薯", "千克", "9"),
    ("0803", "鲜或干的香蕉", "千克", "9"),
    ("0901", "咖啡", "千克", "9"),
    ("1006", "稻谷、大米", "千克", "0"),
    ("1507", "豆油及其分离品", "千克", "9"),
    ("1701", "固体甘蔗糖、甜菜糖", "千克", "0"),
    ("2009", "未发酵及未加酒精的水果汁", "千克", "13"),
    ("2204", "鲜葡萄酿造的酒", "升", "13"),
    ("2523", "水泥", "千克", "0"),
    ("2710", "石油及从沥青矿物提取的油类", "千克", "0"),
    ("2804", "氢、稀有气体及其他非金属", "千克", "13"),
    ("2902", "环烃", "千克", "13"),
    ("3004", "由混合或非混合产品构成的药品", "千克", "13"),
    ("3208", "以合成聚合物为基本成分的油漆及清漆", "千克", "13"),
    ("3304", "美容品或化妆品及护肤品", "千克", "13"),
    ("3402", "有机表面活性剂、洗涤剂", "千克", "13"),
    ("3901", "初级形状的乙烯聚合物", "千克", "13"),
    ("3923", "供运输或包装货物用的塑料制品", "千克", "13"),
    ("4011", "新的充气橡胶轮胎", "条", "13"),
    ("4202", "衣箱、提箱、手提包", "个", "13"),
    ("4407", "经纵锯、纵切、刨切或旋切的木材", "立方米", "0"),
    ("4802", "未经涂布的书写、印刷用纸", "千克", "13"),
    ("5208", "棉机织物", "米", "13"),
    ("6109", "针织或钩编的T恤衫、汗衫", "件", "13"),
    ("6203", "男式西服套装、便服套装、上衣、长裤", "件", "13"),
    ("6403", "皮革制鞋面的鞋靴", "双", "13"),
    ("6907", "陶瓷贴面砖", "平方米", "13"),
    ("7005", "浮法玻璃及表面研磨或抛光玻璃", "平方米", "13"),
    ("7208", "铁或非合金钢宽平板轧材", "千克", "0"),
    ("7308", "钢铁结构体及其部件", "千克", "13"),
    ("7318", "钢铁制螺钉、螺栓、螺母", "千克", "13"),
    ("7408", "铜丝", "千克", "0"),
    ("7604", "铝条、杆、型材及异型材", "千克", "0"),
    ("8201", "手工工具", "把", "13"),
    ("8415", "空气调节器", "台", "13"),
    ("8418", "冷藏箱、冷冻箱及其他制冷设备", "台", "13"),
    ("8443", "印刷机、打印机及复印机", "台", "13"),
    ("8450", "家用洗衣机", "台", "13"),
    ("8471", "自动数据处理设备及其部件", "台", "13"),
    ("8481", "阀门及类似装置", "个", "13"),
    ("8504", "变压器、静止式变流器及电感器", "个", "13"),
    ("8507", "蓄电池", "个", "13"),
    ("8516", "电热水器、电吹风、电熨斗、微波炉", "台", "13"),
    ("8517", "电话机及其他发送或接收声音、图像的设备", "台", "13"),
    ("8528", "监视器、投影机及电视接收装置", "台", "13"),
    ("8541", "二极管、晶体管及光敏半导体器件", "个", "13"),
    ("8542", "集成电路", "个", "13"),
    ("8703", "小轿车及其他主要用于载人的机动车辆", "辆", "13"),
    ("8711", "摩托车及装有辅助发动机的脚踏车", "辆", "13"),
    ("8714", "自行车零件、附件", "千克", "13"),
    ("9001", "光导纤维、眼镜片及未装配的光学元件", "千克", "13"),
    ("9018", "医疗、外科、牙科或兽医用仪器及器具", "台", "13"),
    ("9401", "坐具及其零件", "件", "13"),
    ("9403", "其他家具及其零件", "件", "13"),
    ("9503", "三轮车、踏板车、玩偶及其他玩具", "个", "13"),
    ("9506", "体育活动用品及器械", "个", "13"),
]
QUALIFIERS = [
    "其他", "未列名", "整件", "零件", "部件", "成套散件", "已包装", "未包装", "家用", "工业用",
    "医用", "儿童用", "重量不超过1千克", "重量超过1千克", "功率不超过1千瓦", "功率超过1千瓦",
    "不锈钢制", "塑料制", "铝制", "木制", "电动", "手动", "冷冻", "干制", "盐腌",
]  # fmt: skip


def refund_rows(count: int, seed: int = 2026) -> list[tuple[str, str, str, str, str]]:
    """`count` distinct ten-digit codes spread over the headings, sorted by code."""
    rng = random.Random(seed)
    rows: dict[str, tuple[str, str, str, str, str]] = {}
    while len(rows) < count:
        heading, name, unit, rate = rng.choice(HEADINGS)
        code = heading + f"{rng.randrange(10, 100):02d}{rng.randrange(0, 100):02d}{rng.choice(['00', '10', '90'])}"
        parts = rng.sample(QUALIFIERS, rng.choice([1, 1, 2]))
        since = rng.choice(["2024-12-01", "2025-01-01", "2025-07-01", "2026-01-01"])
        rows.setdefault(code, (code, f"{name}（{'，'.join(parts)}）", unit, rate, since))
    return [rows[c] for c in sorted(rows)]


TAXES = [  # item, share of the total, growth trend (%)
    ("国内增值税", 0.385, 3.1),
    ("国内消费税", 0.089, 2.4),
    ("企业所得税", 0.232, 1.2),
    ("个人所得税", 0.083, 8.6),
    ("进口货物增值税、消费税", 0.105, -2.3),
    ("城市维护建设税", 0.028, 2.0),
    ("印花税", 0.022, 11.5),
    ("车辆购置税", 0.016, -4.1),
    ("土地增值税", 0.025, -9.8),
    ("契税", 0.015, -6.2),
]
MONTHLY_TOTAL_2025 = [20610, 10800, 12100, 17800, 15300, 14200, 17600, 11100, 11900, 16500, 11700, 13600]


def revenue_rows(until: str = "2026-10", seed: int = 7) -> list[tuple[str, str, str, str]]:
    """Monthly revenue by tax, January 2025 to `until`, with year-on-year growth for 2026."""
    rng = random.Random(seed)
    base: dict[tuple[int, str], float] = {}
    rows: list[tuple[str, str, str, str]] = []
    last_year, last_month = (int(x) for x in until.split("-"))
    for year in (2025, last_year):
        for month in range(1, 13 if year < last_year else last_month + 1):
            period = f"{year}-{month:02d}"
            total, total_before = 0.0, 0.0
            for item, share, trend in TAXES:
                before = MONTHLY_TOTAL_2025[month - 1] * share * (1 + rng.uniform(-0.03, 0.03))
                amount = before if year == 2025 else before * (1 + (trend + rng.uniform(-2, 2)) / 100)
                base[(month, item)] = base.get((month, item), before)
                growth = "" if year == 2025 else f"{(amount / base[(month, item)] - 1) * 100:.1f}"
                rows.append((period, item, f"{amount:.2f}", growth))
                total += amount
                total_before += base[(month, item)]
            growth = "" if year == 2025 else f"{(total / total_before - 1) * 100:.1f}"
            rows.append((period, "税收收入合计", f"{total:.2f}", growth))
    return rows


def write_csv(header: list[str], rows: list[tuple[str, ...]], out=sys.stdout) -> None:
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)


if __name__ == "__main__":
    kind = sys.argv[1] if len(sys.argv) > 1 else "refund"
    if kind == "refund":
        count = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
        write_csv(["商品编码", "商品名称", "计量单位", "退税率", "执行起始日期"], refund_rows(count))
    else:
        write_csv(["统计期", "项目", "收入（亿元）", "同比增长（%）"], revenue_rows())
