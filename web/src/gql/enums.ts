export const AvailabilityType = {
  Inoperative: 'Inoperative',
  Operative: 'Operative'
} as const;

export type AvailabilityType = typeof AvailabilityType[keyof typeof AvailabilityType];
export const ChargingProfileKind = {
  Absolute: 'Absolute',
  Recurring: 'Recurring',
  Relative: 'Relative'
} as const;

export type ChargingProfileKind = typeof ChargingProfileKind[keyof typeof ChargingProfileKind];
export const ChargingProfilePurpose = {
  ChargePointMaxProfile: 'ChargePointMaxProfile',
  TxDefaultProfile: 'TxDefaultProfile',
  TxProfile: 'TxProfile'
} as const;

export type ChargingProfilePurpose = typeof ChargingProfilePurpose[keyof typeof ChargingProfilePurpose];
export const ChargingRateUnit = {
  A: 'A',
  W: 'W'
} as const;

export type ChargingRateUnit = typeof ChargingRateUnit[keyof typeof ChargingRateUnit];
/** The extensions.code of an error a command mutation returns. */
export const CommandErrorCode = {
  /** The request is not valid; nothing was sent. */
  BadUserInput: 'BAD_USER_INPUT',
  /** The caller's role may not do this. */
  Forbidden: 'FORBIDDEN',
  /** The charge point answered with a CALLERROR (extensions.ocppErrorCode and ocppErrorDescription). */
  StationCallError: 'STATION_CALL_ERROR',
  /** The charge point's answer breaks the OCPP schema, so it cannot be used. */
  StationInvalidResponse: 'STATION_INVALID_RESPONSE',
  /** No socket for that charge point, or it closed while the command waited. */
  StationNotConnected: 'STATION_NOT_CONNECTED',
  /** The charge point did not answer within the call timeout; it may still carry the command out. */
  StationTimeout: 'STATION_TIMEOUT',
  /** Not signed in, the sign-in expired, or the e-mail and password do not match. */
  Unauthenticated: 'UNAUTHENTICATED'
} as const;

export type CommandErrorCode = typeof CommandErrorCode[keyof typeof CommandErrorCode];
/** A status a charger's answer to a command can carry, spelled as in OCPP. */
export const CommandStatus = {
  Accepted: 'Accepted',
  AcceptedCanceled: 'AcceptedCanceled',
  Failed: 'Failed',
  Faulted: 'Faulted',
  InvalidCertificate: 'InvalidCertificate',
  NotFound: 'NotFound',
  NotImplemented: 'NotImplemented',
  NotSupported: 'NotSupported',
  Occupied: 'Occupied',
  RebootRequired: 'RebootRequired',
  Rejected: 'Rejected',
  RevokedCertificate: 'RevokedCertificate',
  Scheduled: 'Scheduled',
  Unavailable: 'Unavailable',
  Unknown: 'Unknown',
  UnknownMessageId: 'UnknownMessageId',
  UnknownVendorId: 'UnknownVendorId',
  UnlockFailed: 'UnlockFailed',
  Unlocked: 'Unlocked',
  VersionMismatch: 'VersionMismatch'
} as const;

export type CommandStatus = typeof CommandStatus[keyof typeof CommandStatus];
/** A connector's status as its station reports it: OCPP 1.6 ChargePointStatus values (Available, Preparing, Charging, SuspendedEV, SuspendedEVSE, Finishing, Reserved, Unavailable, Faulted) or OCPP 2.0.1 ConnectorStatus values (Available, Occupied, Reserved, Unavailable, Faulted). */
export const ConnectorStatus = {
  Available: 'Available',
  Charging: 'Charging',
  Faulted: 'Faulted',
  Finishing: 'Finishing',
  Occupied: 'Occupied',
  Preparing: 'Preparing',
  Reserved: 'Reserved',
  SuspendedEv: 'SuspendedEV',
  SuspendedEvse: 'SuspendedEVSE',
  Unavailable: 'Unavailable'
} as const;

export type ConnectorStatus = typeof ConnectorStatus[keyof typeof ConnectorStatus];
export const IdTagStatus = {
  Accepted: 'Accepted',
  Blocked: 'Blocked',
  Expired: 'Expired'
} as const;

export type IdTagStatus = typeof IdTagStatus[keyof typeof IdTagStatus];
export const MessageDirection = {
  Inbound: 'INBOUND',
  Outbound: 'OUTBOUND'
} as const;

export type MessageDirection = typeof MessageDirection[keyof typeof MessageDirection];
export const MessageTrigger = {
  BootNotification: 'BootNotification',
  DiagnosticsStatusNotification: 'DiagnosticsStatusNotification',
  FirmwareStatusNotification: 'FirmwareStatusNotification',
  Heartbeat: 'Heartbeat',
  MeterValues: 'MeterValues',
  StatusNotification: 'StatusNotification'
} as const;

export type MessageTrigger = typeof MessageTrigger[keyof typeof MessageTrigger];
export const MessageType = {
  Call: 'CALL',
  Callerror: 'CALLERROR',
  Callresult: 'CALLRESULT'
} as const;

export type MessageType = typeof MessageType[keyof typeof MessageType];
/** The actions OCPP 1.6 defines: what OcppMessage.action holds unless the charger made one up, and what messages(action:) is meant to filter on. */
export const OcppAction = {
  Authorize: 'Authorize',
  BootNotification: 'BootNotification',
  CancelReservation: 'CancelReservation',
  CertificateSigned: 'CertificateSigned',
  ChangeAvailability: 'ChangeAvailability',
  ChangeConfiguration: 'ChangeConfiguration',
  ClearCache: 'ClearCache',
  ClearChargingProfile: 'ClearChargingProfile',
  DataTransfer: 'DataTransfer',
  DeleteCertificate: 'DeleteCertificate',
  DiagnosticsStatusNotification: 'DiagnosticsStatusNotification',
  ExtendedTriggerMessage: 'ExtendedTriggerMessage',
  FirmwareStatusNotification: 'FirmwareStatusNotification',
  GetCompositeSchedule: 'GetCompositeSchedule',
  GetConfiguration: 'GetConfiguration',
  GetDiagnostics: 'GetDiagnostics',
  GetInstalledCertificateIds: 'GetInstalledCertificateIds',
  GetLocalListVersion: 'GetLocalListVersion',
  GetLog: 'GetLog',
  Heartbeat: 'Heartbeat',
  InstallCertificate: 'InstallCertificate',
  LogStatusNotification: 'LogStatusNotification',
  MeterValues: 'MeterValues',
  RemoteStartTransaction: 'RemoteStartTransaction',
  RemoteStopTransaction: 'RemoteStopTransaction',
  ReserveNow: 'ReserveNow',
  Reset: 'Reset',
  SecurityEventNotification: 'SecurityEventNotification',
  SendLocalList: 'SendLocalList',
  SetChargingProfile: 'SetChargingProfile',
  SignCertificate: 'SignCertificate',
  SignedFirmwareStatusNotification: 'SignedFirmwareStatusNotification',
  SignedUpdateFirmware: 'SignedUpdateFirmware',
  StartTransaction: 'StartTransaction',
  StatusNotification: 'StatusNotification',
  StopTransaction: 'StopTransaction',
  TriggerMessage: 'TriggerMessage',
  UnlockConnector: 'UnlockConnector',
  UpdateFirmware: 'UpdateFirmware'
} as const;

export type OcppAction = typeof OcppAction[keyof typeof OcppAction];
/** The OCPP version a station speaks (on its current or last connection). */
export const OcppVersion = {
  Ocpp16: 'OCPP16',
  Ocpp201: 'OCPP201'
} as const;

export type OcppVersion = typeof OcppVersion[keyof typeof OcppVersion];
export const RecurrencyKind = {
  Daily: 'Daily',
  Weekly: 'Weekly'
} as const;

export type RecurrencyKind = typeof RecurrencyKind[keyof typeof RecurrencyKind];
/** How the station's boots are answered. Pending: it stays connected but may only be asked for reports and variables (2.0.1) until accepted; Rejected: it is told to boot again later and is not served meanwhile. */
export const RegistrationStatus = {
  Accepted: 'Accepted',
  Pending: 'Pending',
  Rejected: 'Rejected'
} as const;

export type RegistrationStatus = typeof RegistrationStatus[keyof typeof RegistrationStatus];
/** The charger's ReserveNow answer, then what became of the reservation. */
export const ReservationStatus = {
  Accepted: 'Accepted',
  Cancelled: 'Cancelled',
  Expired: 'Expired',
  Faulted: 'Faulted',
  Occupied: 'Occupied',
  Pending: 'Pending',
  Rejected: 'Rejected',
  Unavailable: 'Unavailable',
  Used: 'Used'
} as const;

export type ReservationStatus = typeof ReservationStatus[keyof typeof ReservationStatus];
export const ResetType = {
  Hard: 'Hard',
  Soft: 'Soft'
} as const;

export type ResetType = typeof ResetType[keyof typeof ResetType];
/** viewer: read and subscribe; operator: also command chargers; admin: also users, keys, stations, ID tags. */
export const Role = {
  Admin: 'admin',
  Operator: 'operator',
  Viewer: 'viewer'
} as const;

export type Role = typeof Role[keyof typeof Role];
/** Notification: a monitored variable or the hardware reported something; Security: a security event. */
export const StationEventKind = {
  Notification: 'Notification',
  Security: 'Security'
} as const;

export type StationEventKind = typeof StationEventKind[keyof typeof StationEventKind];
/** Active until the charger stops it (Stopped) or the central system closes it (Closed: a later start on its connector, or closeTransaction). A start whose idTag was not Accepted is Refused and never active. */
export const TransactionStatus = {
  Active: 'Active',
  Closed: 'Closed',
  Refused: 'Refused',
  Stopped: 'Stopped'
} as const;

export type TransactionStatus = typeof TransactionStatus[keyof typeof TransactionStatus];
export const UpdateStatus = {
  Accepted: 'Accepted',
  Failed: 'Failed',
  NotSupported: 'NotSupported',
  VersionMismatch: 'VersionMismatch'
} as const;

export type UpdateStatus = typeof UpdateStatus[keyof typeof UpdateStatus];
export const UpdateType = {
  Differential: 'Differential',
  Full: 'Full'
} as const;

export type UpdateType = typeof UpdateType[keyof typeof UpdateType];