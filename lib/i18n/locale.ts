/** The languages every page speaks. Chinese is the default; English by Accept-Language or the toggle. */
export type Locale = "zh-CN" | "en";
