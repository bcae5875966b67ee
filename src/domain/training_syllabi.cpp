#include "domain/training_syllabi.hpp"

namespace gaflight::domain {

namespace {
struct LessonSpec {
  const char* code;
  const char* title;
  const char* kind;
  int64_t dual, solo;
  std::vector<std::string> exercises;
};

std::vector<TrainingLesson> lessons(const std::vector<LessonSpec>& specs) {
  std::vector<TrainingLesson> out;
  for (const auto& s : specs) {
    TrainingLesson l;
    l.code = s.code;
    l.title = s.title;
    l.kind = s.kind;
    l.planned_dual_min = s.dual;
    l.planned_solo_min = s.solo;
    l.exercises = s.exercises;
    out.push_back(std::move(l));
  }
  return out;
}
}  // namespace

TrainingProgram easaPplSyllabus() {
  TrainingProgram p;
  p.code = "PPL-A-EASA";
  p.name = "PPL(A) — EASA Part-FCL";
  p.regime = "easa";
  p.description = "Private pilot licence (aeroplane) per FCL.210.A and AMC1 FCL.210.A: theoretical briefings, "
                  "flight exercises 1–19, stage checks and skill test preparation.";
  p.minimums = {45 * 60, 25 * 60, 10 * 60, 5 * 60, 0, 0};
  p.lessons = lessons({
      {"G1", "Briefing: aeroplane familiarisation, pre-flight and emergency drills", "ground", 0, 0,
       {"Ex 1 Familiarisation with the aeroplane", "Ex 1e Emergency drills", "Ex 2 Preparation for and action after flight"}},
      {"E3", "Air experience", "flight", 45, 0, {"Ex 3 Air experience", "Ex 2 Action after flight"}},
      {"E4", "Effects of controls", "flight", 60, 0, {"Ex 4 Primary and secondary effects", "Ex 4 Power and flap"}},
      {"E5", "Taxiing", "flight", 30, 0, {"Ex 5 Taxiing", "Ex 5e Taxiing emergencies"}},
      {"E6", "Straight and level", "flight", 60, 0, {"Ex 6 Straight and level at normal cruise", "Ex 6 Trimming"}},
      {"E7", "Climbing", "flight", 60, 0, {"Ex 7 Entry, maintaining and levelling off", "Ex 7 Best rate and best angle"}},
      {"E8", "Descending", "flight", 60, 0, {"Ex 8 Glide and powered descent", "Ex 8 Sideslip"}},
      {"E9", "Turning", "flight", 60, 0, {"Ex 9 Medium level turns", "Ex 9 Climbing and descending turns"}},
      {"G2", "Briefing: principles of flight — slow flight, stalls and spins", "ground", 0, 0,
       {"Stall speed factors", "Spin entry and recovery awareness"}},
      {"E10A", "Slow flight", "flight", 60, 0, {"Ex 10a Flight at critically slow airspeeds"}},
      {"E10B", "Stalling", "flight", 60, 0,
       {"Ex 10b Clean stall and recovery", "Ex 10b Approach and landing configuration stalls"}},
      {"E11", "Spin avoidance", "flight", 60, 0, {"Ex 11 Incipient spin recognition and recovery"}},
      {"E12", "Take-off and climb to downwind position", "flight", 60, 0,
       {"Ex 12 Normal and crosswind take-off", "Ex 12 Climb to downwind"}},
      {"E13", "Circuit, approach and landing", "flight", 60, 0,
       {"Ex 13 Circuit procedures", "Ex 13 Powered approach and landing", "Ex 13 Go-around"}},
      {"E13B", "Circuits: crosswind, flapless and short-field landings", "flight", 60, 0,
       {"Ex 13 Crosswind landing", "Ex 13 Flapless landing", "Ex 13 Short-field landing"}},
      {"E13E", "Circuit emergencies: engine failure after take-off", "flight", 60, 0,
       {"Ex 12/13e EFATO", "Ex 12/13e Abandoned take-off", "Ex 13e Radio failure in the circuit"}},
      {"SC1", "Stage check 1: pre-solo progress check", "stage_check", 60, 0,
       {"Circuits to standard", "Emergency handling", "Radio telephony"}},
      {"E14", "First solo", "flight", 30, 20, {"Ex 14 First solo circuit", "Ex 14 Post-flight debrief"}},
      {"E14B", "Solo circuit consolidation", "flight", 0, 45, {"Ex 14 Solo circuits"}},
      {"E15", "Advanced turning", "flight", 60, 0, {"Ex 15 Steep turns 45°", "Ex 15 Recovery from unusual attitudes"}},
      {"E16", "Forced landing without power", "flight", 60, 0,
       {"Ex 16 Forced landing procedure", "Ex 16 Field selection"}},
      {"E17", "Precautionary landing", "flight", 60, 0, {"Ex 17 Precautionary landing procedure"}},
      {"G3", "Briefing: navigation flight planning, weather and NOTAMs", "ground", 0, 0,
       {"Flight log and fuel plan", "Airspace and NOTAM briefing", "Mass and balance"}},
      {"E18A", "Pilot navigation (dual)", "flight", 120, 0,
       {"Ex 18a Departure and en-route procedures", "Ex 18a Diversion", "Ex 18a Arrival at an unfamiliar aerodrome"}},
      {"E18B", "Navigation at lower levels and in reduced visibility", "flight", 90, 0,
       {"Ex 18b Low-level navigation", "Ex 18b Bad weather circuit"}},
      {"E18C", "Radio navigation", "flight", 90, 0, {"Ex 18c VOR", "Ex 18c GNSS", "Ex 18c VDF and radar services"}},
      {"E19", "Basic instrument flight (FNPT II)", "simulator", 0, 0,
       {"Ex 19 Instrument scan", "Ex 19 Climbing and descending turns on instruments", "Ex 19 180° turn"}},
      {"E18S", "Solo navigation", "flight", 0, 120, {"Ex 18a Solo cross-country"}},
      {"E18Q", "Qualifying solo cross-country: 270 km with full-stop landings at two other aerodromes", "flight", 0,
       180, {"FCL.210.A(a)(2)(ii) qualifying cross-country"}},
      {"SC2", "Stage check 2: navigation progress check", "stage_check", 90, 0,
       {"Navigation to standard", "Diversion", "Emergencies en route"}},
      {"SC3", "Skill test preparation: mock skill test", "stage_check", 120, 0,
       {"Appendix 4 sections 1–6", "Skill test standards"}},
  });
  return p;
}

TrainingProgram faaPrivatePilotSyllabus() {
  TrainingProgram p;
  p.code = "PVT-ASEL-61";
  p.name = "Private Pilot ASEL — FAA Part 61";
  p.regime = "faa";
  p.description = "Private pilot certificate, airplane single-engine land, per 14 CFR 61.103–61.109 and the Private "
                  "Pilot ACS: three stages ending in stage checks, practical test preparation.";
  p.minimums = {40 * 60, 20 * 60, 10 * 60, 5 * 60, 3 * 60, 3 * 60};
  p.lessons = lessons({
      {"G1", "Ground: airplane systems, preflight and airport operations", "ground", 0, 0,
       {"ACS I.F Operation of systems", "ACS II.A Preflight assessment"}},
      {"F1", "Introductory flight: the four fundamentals", "flight", 60, 0,
       {"Straight-and-level", "Climbs", "Descents", "Turns"}},
      {"F2", "Attitude flying: climbs, descents and turns", "flight", 60, 0,
       {"Climbing and descending turns", "Trim technique"}},
      {"F3", "Slow flight and power-off stalls", "flight", 60, 0, {"ACS VII.A Maneuvering during slow flight", "ACS VII.B Power-off stalls"}},
      {"F4", "Power-on stalls and spin awareness", "flight", 60, 0, {"ACS VII.C Power-on stalls", "ACS VII.D Spin awareness"}},
      {"F5", "Ground reference maneuvers", "flight", 60, 0, {"Rectangular course", "S-turns", "Turns around a point"}},
      {"F6", "Normal and crosswind takeoffs and landings", "flight", 60, 0,
       {"ACS IV.A Normal takeoff and climb", "ACS IV.B Normal approach and landing"}},
      {"F7", "Traffic patterns and go-arounds", "flight", 60, 0, {"ACS III.B Traffic patterns", "ACS IV.N Go-around"}},
      {"F8", "Emergency procedures: engine failure and forced landings", "flight", 60, 0,
       {"ACS IX.A Emergency descent", "ACS IX.B Emergency approach and landing"}},
      {"G2", "Ground: pre-solo knowledge test review (61.87(b))", "ground", 0, 0, {"Pre-solo written test review"}},
      {"SC1", "Stage 1 check: pre-solo", "stage_check", 60, 0, {"61.87(d) pre-solo maneuvers", "Pattern to standard"}},
      {"F9", "First supervised solo in the pattern", "flight", 30, 30, {"Three solo takeoffs and full-stop landings"}},
      {"F10", "Solo pattern practice", "flight", 0, 60, {"Solo takeoffs and landings"}},
      {"F11", "Short-field and soft-field takeoffs and landings", "flight", 60, 0,
       {"ACS IV.C/D Soft-field", "ACS IV.E/F Short-field"}},
      {"F12", "Basic instrument maneuvers (view limiting device)", "flight", 60, 0,
       {"ACS VIII.A Straight-and-level", "ACS VIII.E Recovery from unusual attitudes"}},
      {"S1", "Basic attitude instrument flying (AATD)", "simulator", 0, 0,
       {"61.109(a)(3) instrument reference", "Constant airspeed climbs and descents"}},
      {"S2", "Instrument navigation and unusual attitudes (AATD)", "simulator", 0, 0,
       {"ACS VIII.F Radio communications and navigation", "Unusual attitude recovery"}},
      {"G3", "Ground: cross-country planning, weather and airspace", "ground", 0, 0,
       {"Navigation log", "Weather briefing", "Airspace and TFRs"}},
      {"F13", "Dual cross-country", "flight", 120, 0, {"61.109(a)(1) dual cross-country", "Pilotage and dead reckoning", "Diversion"}},
      {"F14", "Night: traffic pattern, ten takeoffs and landings", "flight", 90, 0, {"61.109(a)(2)(ii) ten night takeoffs and landings"}},
      {"F15", "Night cross-country over 100 NM", "flight", 120, 0, {"61.109(a)(2)(i) night cross-country"}},
      {"F16", "Solo practice area maneuvers", "flight", 0, 60, {"Solo slow flight and stalls", "Solo steep turns"}},
      {"F17", "Solo cross-country", "flight", 0, 120, {"Solo cross-country over 50 NM"}},
      {"F18", "Long solo cross-country: 150 NM, three full-stop landings", "flight", 0, 180,
       {"61.109(a)(5)(ii) long solo cross-country"}},
      {"F19", "Solo at a towered airport: three takeoffs and landings", "flight", 0, 60,
       {"61.109(a)(5)(iii) towered airport operations"}},
      {"SC2", "Stage 2 check: cross-country", "stage_check", 90, 0, {"Cross-country to ACS standards", "Diversion and lost procedures"}},
      {"F20", "Practical test preparation: maneuvers", "flight", 60, 0, {"61.109(a)(4) practical test preparation"}},
      {"F21", "Practical test preparation: ACS review", "flight", 60, 0, {"ACS areas I–XII review"}},
      {"SC3", "Stage 3 check: end-of-course", "stage_check", 90, 0, {"Mock practical test"}},
  });
  return p;
}

}  // namespace gaflight::domain
