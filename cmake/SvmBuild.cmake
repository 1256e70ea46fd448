# Compiler settings shared by every target.
#
# C (the userspace kernel and the code under test) is gnu11 with the
# kernel's -fno-strict-aliasing -fno-strict-overflow; C++ is C++20.
# Asserts stay on in every build type. Harness code builds with -Werror;
# code under test keeps its warnings visible but not fatal, since it is
# kernel code compiled as is.

set(CMAKE_C_STANDARD 11)
set(CMAKE_C_EXTENSIONS ON)
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)

foreach(lang C CXX)
  foreach(cfg RELEASE RELWITHDEBINFO MINSIZEREL DEBUG)
    string(REGEX REPLACE "(^| )[-/]D *NDEBUG($| )" " " CMAKE_${lang}_FLAGS_${cfg} "${CMAKE_${lang}_FLAGS_${cfg}}")
  endforeach()
endforeach()

add_compile_options($<$<COMPILE_LANGUAGE:C>:-fno-strict-aliasing> $<$<COMPILE_LANGUAGE:C>:-fno-strict-overflow>)
add_compile_options(-g)

if(SVM_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
if(SVM_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SVM_FUZZ needs clang (use the 'fuzz' preset)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
if(SVM_COVERAGE)
  add_compile_options(-fprofile-instr-generate -fcoverage-mapping)
  add_link_options(-fprofile-instr-generate)
endif()

set(SVM_HARNESS_WARNINGS -Wall -Wextra -Werror -Wno-unused-parameter)
set(SVM_KERNEL_WARNINGS -Wall -Wno-unused-function -Wno-sign-compare)

# svm_harness_target(<target>): harness code, warnings are errors.
function(svm_harness_target tgt)
  target_compile_options(${tgt} PRIVATE ${SVM_HARNESS_WARNINGS})
endfunction()
