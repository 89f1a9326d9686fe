/* One trampoline per libgit2 function ff calls (libgit2-functions.h), named as the function,
 * hidden (nothing outside ff binds to it): it jumps to the address loader.c found with
 * dlsym. A call before the library is loaded saves the argument registers, loads it and
 * jumps again. */

#if defined(FF_GIT_ON_DEMAND) && defined(__x86_64__)

    .text

/* Arguments in rdi, rsi, rdx, rcx, r8, r9, xmm0-7; al counts vector registers for a variadic
 * call (git_libgit2_opts); r10 is the static chain. The stack is aligned again here, whatever the caller left. */
    .globl ff_git_resolve
    .hidden ff_git_resolve
    .type ff_git_resolve, @function
    .p2align 4
ff_git_resolve:
    .cfi_startproc
    pushq %rbp
    .cfi_def_cfa_offset 16
    .cfi_offset %rbp, -16
    movq %rsp, %rbp
    .cfi_def_cfa_register %rbp
    subq $192, %rsp
    andq $-16, %rsp
    movq %rdi, 0(%rsp)
    movq %rsi, 8(%rsp)
    movq %rdx, 16(%rsp)
    movq %rcx, 24(%rsp)
    movq %r8, 32(%rsp)
    movq %r9, 40(%rsp)
    movq %rax, 48(%rsp)
    movq %r10, 56(%rsp)
    movdqa %xmm0, 64(%rsp)
    movdqa %xmm1, 80(%rsp)
    movdqa %xmm2, 96(%rsp)
    movdqa %xmm3, 112(%rsp)
    movdqa %xmm4, 128(%rsp)
    movdqa %xmm5, 144(%rsp)
    movdqa %xmm6, 160(%rsp)
    movdqa %xmm7, 176(%rsp)
    call ff_git_load_or_exit
    movq 0(%rsp), %rdi
    movq 8(%rsp), %rsi
    movq 16(%rsp), %rdx
    movq 24(%rsp), %rcx
    movq 32(%rsp), %r8
    movq 40(%rsp), %r9
    movq 48(%rsp), %rax
    movq 56(%rsp), %r10
    movdqa 64(%rsp), %xmm0
    movdqa 80(%rsp), %xmm1
    movdqa 96(%rsp), %xmm2
    movdqa 112(%rsp), %xmm3
    movdqa 128(%rsp), %xmm4
    movdqa 144(%rsp), %xmm5
    movdqa 160(%rsp), %xmm6
    movdqa 176(%rsp), %xmm7
    movq %rbp, %rsp
    popq %rbp
    .cfi_def_cfa %rsp, 8
    ret
    .cfi_endproc
    .size ff_git_resolve, . - ff_git_resolve

/* r11 is free at a call: neither an argument nor preserved. */
    .macro ff_git_trampoline name
    .globl \name
    .hidden \name
    .type \name, @function
    .p2align 4
\name:
    .cfi_startproc
0:
    movq ff_git_address_\name(%rip), %r11
    testq %r11, %r11
    jz 1f
    jmp *%r11
1:
    call ff_git_resolve
    jmp 0b
    .cfi_endproc
    .size \name, . - \name
    .endm

#define FF_GIT_FUNCTION(name) ff_git_trampoline name
#include "libgit2-functions.h"

    .section .note.GNU-stack, "", @progbits

#elif defined(FF_GIT_ON_DEMAND) && defined(__aarch64__)

    .text

/* Arguments in x0-x7 and q0-q7; x8 holds the address of a returned structure. */
    .globl ff_git_resolve
    .hidden ff_git_resolve
    .type ff_git_resolve, @function
    .p2align 2
ff_git_resolve:
    .cfi_startproc
    stp x29, x30, [sp, #-224]!
    .cfi_def_cfa_offset 224
    .cfi_offset x29, -224
    .cfi_offset x30, -216
    mov x29, sp
    stp x0, x1, [sp, #16]
    stp x2, x3, [sp, #32]
    stp x4, x5, [sp, #48]
    stp x6, x7, [sp, #64]
    str x8, [sp, #80]
    stp q0, q1, [sp, #96]
    stp q2, q3, [sp, #128]
    stp q4, q5, [sp, #160]
    stp q6, q7, [sp, #192]
    bl ff_git_load_or_exit
    ldp x0, x1, [sp, #16]
    ldp x2, x3, [sp, #32]
    ldp x4, x5, [sp, #48]
    ldp x6, x7, [sp, #64]
    ldr x8, [sp, #80]
    ldp q0, q1, [sp, #96]
    ldp q2, q3, [sp, #128]
    ldp q4, q5, [sp, #160]
    ldp q6, q7, [sp, #192]
    ldp x29, x30, [sp], #224
    .cfi_def_cfa_offset 0
    .cfi_restore x29
    .cfi_restore x30
    ret
    .cfi_endproc
    .size ff_git_resolve, . - ff_git_resolve

/* x16 (IP0) is the register the ABI leaves to veneers and trampolines. */
    .macro ff_git_trampoline name
    .globl \name
    .hidden \name
    .type \name, %function
    .p2align 2
\name:
    .cfi_startproc
0:
    adrp x16, ff_git_address_\name
    ldr x16, [x16, #:lo12:ff_git_address_\name]
    cbz x16, 1f
    br x16
1:
    stp x29, x30, [sp, #-16]!
    .cfi_def_cfa_offset 16
    .cfi_offset x29, -16
    .cfi_offset x30, -8
    mov x29, sp
    bl ff_git_resolve
    ldp x29, x30, [sp], #16
    .cfi_def_cfa_offset 0
    .cfi_restore x29
    .cfi_restore x30
    b 0b
    .cfi_endproc
    .size \name, . - \name
    .endm

#define FF_GIT_FUNCTION(name) ff_git_trampoline name
#include "libgit2-functions.h"

    .section .note.GNU-stack, "", %progbits

#elif defined(FF_GIT_ON_DEMAND)
#error "libgit2 on demand has trampolines for x86_64 and aarch64 only; link libgit2 (Package.swift)"
#endif
