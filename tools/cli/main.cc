// fazhi-cli: calls any fazhi gRPC API from the shell, learning it from server reflection.

#include <iostream>
#include <string>
#include <vector>

#include "tools/cli/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return fazhi::cli::Run(args, std::cin, std::cout, std::cerr);
}
