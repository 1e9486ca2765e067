// A handler plugin as users build it with slsim_add_handler(): the reference handler's
// logic under another name, loaded by `slsim run|check --handler PATH`.
#include <slsim/api/handler_plugin.hpp>
#include <slsim/examples/handlers.hpp>

SLSIM_HANDLER_PLUGIN(slsim::handler_definition{.name = "plugin/reference-copy",
                                               .summary = "the reference handler, loaded from a plugin",
                                               .typed = slsim::examples::reference_handler().typed})
