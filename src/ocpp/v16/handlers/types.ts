import type { AuthorizationService } from "../../../features/authorization/authorization-service.js";
import type { StationEventService } from "../../../features/station-events/station-event-service.js";
import type { StationService } from "../../../features/stations/station-service.js";
import type { TransactionService } from "../../../features/transactions/transaction-service.js";
import type {
  DataTransferRequest,
  DataTransferResponse,
  OcppRequests,
  OcppResponses,
} from "../../../generated/ocpp-types.js";
import type { CallContext } from "../../connection.js";

export type VendorDataTransferHandler = (
  request: DataTransferRequest,
  context: CallContext,
) => Promise<DataTransferResponse>;

export type HandlerDependencies = {
  stations: StationService;
  transactions: TransactionService;
  authorization: AuthorizationService;
  stationEvents: StationEventService;
  heartbeatIntervalSeconds: number;
  /** DataTransfer handlers by vendorId; any other vendor gets UnknownVendorId. */
  dataTransferHandlers: ReadonlyMap<string, VendorDataTransferHandler>;
};

/** A handler for one charger-initiated action: its validated request in, its response out. */
export type ActionHandler<A extends keyof OcppRequests> = (
  request: OcppRequests[A],
  context: CallContext,
) => Promise<OcppResponses[A]>;
