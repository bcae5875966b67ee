#pragma once
// Two realistic syllabi the demo installs in every school (and a school may copy): the EASA PPL(A)
// course (Part-FCL, AMC1 FCL.210.A exercises 1–19) and the FAA Part 61 private pilot course (61.107,
// 61.109(a)). Ids, organisation and instants are left for the caller.
#include "domain/training.hpp"

namespace gaflight::domain {

TrainingProgram easaPplSyllabus();  // 45 h total, 25 h dual, 10 h solo, 5 h solo cross-country
TrainingProgram
faaPrivatePilotSyllabus();  // 40 h total, 20 h dual, 10 h solo, 5 h solo XC, 3 h night, 3 h sim

}  // namespace gaflight::domain
