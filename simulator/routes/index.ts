import { billRoutes } from "./bill";
import { certificateRoutes } from "./certificates";
import { controlRoutes } from "./control";
import { miniProgramRoutes } from "./miniprogram";
import { oauthRoutes } from "./oauth";
import { refundRoutes } from "./refunds";
import { shopperRoutes } from "./shopper";
import { transactionRoutes } from "./transactions";
import type { Route } from "./types";

export const routes: Route[] = [
  ...transactionRoutes,
  ...refundRoutes,
  ...certificateRoutes,
  ...billRoutes,
  ...oauthRoutes,
  ...miniProgramRoutes,
  ...shopperRoutes,
  ...controlRoutes,
];
