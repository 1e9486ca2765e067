#pragma once
// The SQS queue model's public facade (docs/aws-facts.md §1-§2, MD1-MD4, MD10).
#include "slsim/queue/config.hpp"
#include "slsim/queue/errors.hpp"
#include "slsim/queue/messages.hpp"
#include "slsim/queue/service.hpp"
