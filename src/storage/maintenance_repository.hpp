#pragma once
// Maintenance items and work orders. Every query takes the organisation id (tenant isolation),
// except orgsWithItems, which feeds the calendar sweep.
//
// Column meanings (the demo data seeds these tables directly):
//   maintenance_items
//     meter_basis             'tach' | 'hobbs': the aircraft meter the hour interval runs on
//     interval_tenths         hour interval in tenths of an hour (1000 = 100.0 h), NULL = none
//     interval_days / _months calendar interval, NULL = none; with several, due at whichever comes first
//                             (months are added clamping to the month end: Jan 31 + 1 month = Feb 28/29)
//     last_done_on            YYYY-MM-DD the item was last done (required with a calendar interval)
//     last_done_meter_tenths  reading of the basis meter then, in tenths (required with an hour interval)
//     upcoming_tenths/_days   thresholds for `upcoming` (default 100 = 10.0 h, 30 days)
//     blocks_dispatch         1: when overdue the aircraft is not airworthy (and grounded)
//     alerted_status          'ok'|'upcoming'|'overdue': the status the alerting last saw; it is moved by
//                             compare-and-set so a transition alerts exactly once. Seed it with the item's
//                             current status to avoid alerts for old news.
//     deleted_at              soft deletion (NULL = live)
//   work_orders: number 'WO-YYYY-NNNN' unique per organisation; opened_on/completed_on YYYY-MM-DD;
//     completed_hobbs_tenths/_tach_tenths the aircraft meters at completion; created_by usr_… id.
//   work_order_tasks: position 1.. in order; labour_min minutes; signed_off_by (engineer's name),
//     signed_off_licence (licence number) and signed_off_at (RFC 3339) all set together or all NULL.
//   work_order_parts: quantity integer, unit_cost_minor in the organisation's currency (orgs.currency).
#include <optional>
#include <string>
#include <vector>

#include "domain/maintenance.hpp"
#include "storage/operations_repository.hpp"
#include "storage/sql.hpp"

namespace gaflight::storage {

struct WorkOrderFilter {
  std::optional<std::string> status, aircraft_id, updated_since;
};

class MaintenanceRepository {
 public:
  explicit MaintenanceRepository(Connection& c) : c_(c) {}

  // Live items, ordered by id.
  // The newest change among the aircraft's items, deleted ones included (a deletion is a change of its
  // due row): the largest updated_at and change_seq (both grow in commit order).
  struct ChangeMark {
    std::string updated_at;
    int64_t change_seq = 0;
  };
  ChangeMark newestItemChange(const std::string& org, const std::string& aircraft_id);
  std::vector<domain::MaintenanceItem> itemsOfAircraft(const std::string& org,
                                                       const std::string& aircraft_id);
  std::vector<domain::MaintenanceItem> itemsOfOrg(const std::string& org);
  std::optional<domain::MaintenanceItem> findItem(const std::string& org, const std::string& id);
  void insertItem(const domain::MaintenanceItem& i);
  void updateItem(const domain::MaintenanceItem& i);
  void deleteItem(const std::string& org, const std::string& id, const std::string& at);
  // Compare-and-set of alerted_status: true when this caller moved it.
  bool casAlertedStatus(const std::string& org, const std::string& id, const std::string& from,
                        const std::string& to, const std::string& at);
  void rebaseline(const std::string& org, const std::string& id, const std::string& date,
                  int64_t meter_tenths, const std::string& at);
  std::vector<std::string> orgsWithItems();
  std::vector<std::string> aircraftWithItems(const std::string& org);

  // Work orders by id; keyset = {id}. Tasks and parts are not loaded here.
  std::vector<domain::WorkOrder> listWorkOrders(const std::string& org, const Keyset& page,
                                                const WorkOrderFilter& f);
  std::optional<domain::WorkOrder> findWorkOrder(const std::string& org, const std::string& id);
  void loadDetails(domain::WorkOrder& wo);  // tasks, parts, registration, currency
  void loadDetails(
      std::vector<domain::WorkOrder>& page);  // the same for a page, in a fixed number of queries
  int64_t maxWorkOrderSequence(const std::string& org, int year);
  void insertWorkOrder(const domain::WorkOrder& wo);
  // Compare-and-set on status.
  bool setWorkOrderStatus(const std::string& org, const std::string& id, const std::string& from,
                          const std::string& to, const std::string& at);
  bool completeWorkOrder(const domain::WorkOrder& wo, const std::string& from);
  void touchWorkOrder(const std::string& org, const std::string& id, const std::string& at);
  void insertTask(const domain::WorkOrderTask& t);
  int64_t nextTaskPosition(const std::string& org, const std::string& wo_id);
  bool signOffTask(const std::string& org, const std::string& wo_id, const std::string& task_id,
                   const std::string& by, const std::string& licence, const std::string& at);
  void insertPart(const domain::WorkOrderPart& p);
  std::string orgCurrency(const std::string& org);

 private:
  Connection& c_;
};

}  // namespace gaflight::storage
