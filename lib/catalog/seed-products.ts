/** The demo catalog. Prices are integer fen; the last item makes real-money tests cheap. */
export const SEED_PRODUCTS = [
  {
    sku: "TEA-PUER-357",
    name: "云南普洱茶饼 357克",
    nameEn: "Yunnan Pu'er tea cake, 357 g",
    description: "2019 年勐海古树春茶，紧压成饼，适合久存。",
    priceFen: 12800,
  },
  {
    sku: "TEA-LONGJING-250",
    name: "西湖龙井 250克",
    nameEn: "West Lake Longjing tea, 250 g",
    description: "明前特级，扁平挺直，豆香清雅。",
    priceFen: 26800,
  },
  {
    sku: "CUP-QINGHUA",
    name: "景德镇青花瓷杯",
    nameEn: "Jingdezhen blue-and-white cup",
    description: "手绘缠枝莲纹，容量 180 毫升。",
    priceFen: 8800,
  },
  {
    sku: "BASKET-BAMBOO",
    name: "手工竹编收纳篮",
    nameEn: "Handwoven bamboo basket",
    description: "浙江安吉毛竹，细篾编织。",
    priceFen: 5900,
  },
  {
    sku: "SCARF-SUXIU",
    name: "苏绣真丝丝巾",
    nameEn: "Suzhou-embroidered silk scarf",
    description: "桑蚕丝双面绣，90×90 厘米。",
    priceFen: 19900,
  },
  {
    sku: "NOTEBOOK-XUAN",
    name: "宣纸线装笔记本",
    nameEn: "Thread-bound Xuan paper notebook",
    description: "泾县宣纸，适合毛笔与钢笔。",
    priceFen: 3650,
  },
  {
    sku: "TEST-1FEN",
    name: "测试商品（一分钱）",
    nameEn: "Test item (¥0.01)",
    description: "用于验证支付链路。",
    priceFen: 1,
  },
] as const;
