// The delivery engine's unit tests (claim, send through a fake, record, retry, leases, fair share,
// auto-disable) run again on PostgreSQL: the same source, its fixture switched to the test schema.
#define GAFLIGHT_ENGINE_TESTS_ON_POSTGRES
#include "unit/webhook_delivery_engine_test.cpp"  // NOLINT(bugprone-suspicious-include)
