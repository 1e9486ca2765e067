#pragma once
// The event source mapping model's public facade (docs/aws-facts.md §3).
#include "slsim/esm/config.hpp"
#include "slsim/esm/event_source_mapping.hpp"
#include "slsim/esm/observer.hpp"
