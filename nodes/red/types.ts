// The Node-RED side of the package: the shapes of our nodes' properties and of the few RED
// objects the nodes hand to each other. Everything Node-RED-specific is typed here once.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import type { Account, VehicleError } from '../lib';
import type { OtpInbox } from './otp-inbox';

export type RED = NodeAPI;
export type Message = NodeMessageInFlow;
export type Send = (msg: Message) => void;
export type Done = (err?: Error) => void;

/** What the account editor dialog saves (numbers arrive as strings from older flows). */
export interface AccountNodeDef extends NodeDef {
  region?: string;
  brand?: string;
  authMode?: string;
  apiBaseUrl?: string;
  refreshBufferMinutes?: number | string;
  keepaliveMinutes?: number | string;
  autoRefresh?: boolean | string;
  /** Kia USA: how the cloud sends the one-time code (`email` / `sms`). */
  otpMethod?: string;
  // protection
  dailyBudget?: number | string;
  forceRefresh?: string;
  minForceIntervalMinutes?: number | string;
  quietHours?: string;
  min12vSoc?: number | string;
  pollMinutes?: number | string;
  requestTimeoutSeconds?: number | string;
}

export interface AccountCredentials {
  username?: string;
  password?: string;
  pin?: string;
  refreshToken?: string;
}

/** The config node: owns one Account (the library shares the session per cloud identity). */
export interface AccountNode extends Node<AccountCredentials> {
  /** Undefined when the configuration could not be used; `configError` says why. */
  account?: Account;
  configError?: VehicleError;
  /** Region, brand and API base URL: the test-login route lends stored secrets only to the same endpoint. */
  endpoint: string;
  /** Where the account's sign-in waits for the one-time code typed into the dialog. */
  otpInbox?: OtpInbox;
}

/** The properties every action node has, plus its own (read by its spec). */
export interface ActionNodeDef extends NodeDef {
  account?: string;
  vehicle?: string;
  [property: string]: unknown;
}

export const ACCOUNT_TYPE = 'hyundai-kia-account';
