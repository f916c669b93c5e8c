import type { AuthorizationService } from "../../../features/authorization/authorization-service.js";
import type { DeviceModelService } from "../../../features/device-model/device-model-service.js";
import type { StationEventService } from "../../../features/station-events/station-event-service.js";
import type { ReservationService } from "../../../features/reservations/reservation-service.js";
import type { StationService } from "../../../features/stations/station-service.js";
import type { TransactionService } from "../../../features/transactions/transaction-service.js";
import type { Ocpp201Requests, Ocpp201Responses } from "../../../generated/ocpp201-types.js";
import type { CallContext } from "../../connection.js";
import type { RegistrationGate } from "../registration.js";
import type { VendorDataTransferHandler } from "../../v16/handlers/types.js";

/** The feature services the 2.0.1 handlers call; each maps a 2.0.1 message to version-neutral calls. */
export type Handler201Dependencies = {
  stations: StationService;
  transactions: TransactionService;
  authorization: AuthorizationService;
  deviceModel: DeviceModelService;
  stationEvents: StationEventService;
  reservations: ReservationService;
  /** How each connected station's boot was answered (a station not accepted is held back). */
  registrations: RegistrationGate;
  heartbeatIntervalSeconds: number;
  /** The vendors' DataTransfer handlers registered for 1.6, by vendorId; any other vendor gets UnknownVendorId. */
  dataTransferHandlers: ReadonlyMap<string, VendorDataTransferHandler>;
};

/** A handler for one station-initiated 2.0.1 action: its validated request in, its response out. */
export type ActionHandler201<A extends keyof Ocpp201Requests> = (
  request: Ocpp201Requests[A],
  context: CallContext,
) => Promise<Ocpp201Responses[A]>;
